using GitOps.Tests.TestSupport;

namespace GitOps.Renderers.Tests.Helm;

/// <summary>The charts the Helm tests render, written into a temporary repository folder.</summary>
internal static class HelmCharts
{
    public const string Web = "charts/web";

    public static void WriteAll(TempDirectory repo)
    {
        repo.Write("charts/web/Chart.yaml", """
            apiVersion: v2
            name: web
            version: 1.2.3
            appVersion: "2.0"
            dependencies:
              - name: cache
                version: 0.1.0
                repository: https://charts.example.invalid/stable
            """);
        repo.Write("charts/web/values.yaml", """
            replicas: 1
            image: nginx
            greeting: hello
            global:
              env: prod
            cache:
              size: 10
            """);
        repo.Write("charts/web/values.schema.json", """
            {"type": "object", "properties": {"replicas": {"type": "integer", "minimum": 0}}}
            """);
        repo.Write("charts/web/values/a.yaml", "greeting: from-a\n");
        repo.Write("charts/web/values/b.yaml", "greeting: from-b\nextra: b\n");
        repo.Write("charts/web/values/env/c.yaml", "greeting: from-env-c\n");
        repo.Write("charts/web/files/motd.txt", "welcome");
        repo.Write("charts/web/templates/config.yaml", """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: {{ .Release.Name }}-config
              namespace: {{ .Release.Namespace }}
              labels:
                chart: {{ .Chart.Name }}-{{ .Chart.Version }}
            data:
              greeting: {{ .Values.greeting | quote }}
              replicas: {{ .Values.replicas | quote }}
              env: {{ .Values.global.env | quote }}
              kube: {{ .Capabilities.KubeVersion.Version | quote }}
              monitoring: {{ .Capabilities.APIVersions.Has "monitoring.example.com/v1" | quote }}
              imageKind: {{ kindOf .Values.image | quote }}
              {{- with .Values.extra }}
              extra: {{ . | quote }}
              {{- end }}
              {{- with .Values.motd }}
              motd: {{ . | quote }}
              {{- end }}
            """);
        repo.Write("charts/web/templates/deployment.yaml", """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: {{ .Release.Name }}-web
            spec:
              replicas: {{ .Values.replicas }}
              selector:
                matchLabels: {app: web}
              template:
                metadata:
                  labels: {app: web}
                spec:
                  containers:
                    - name: web
                      image: {{ .Values.image }}
            """);
        repo.Write("charts/web/templates/migrate-hook.yaml", """
            apiVersion: batch/v1
            kind: Job
            metadata:
              name: {{ .Release.Name }}-migrate
              annotations:
                "helm.sh/hook": pre-install,pre-upgrade
                "helm.sh/hook-weight": "-5"
                "helm.sh/hook-delete-policy": before-hook-creation
            spec:
              template:
                spec:
                  restartPolicy: Never
                  containers: [{name: migrate, image: busybox}]
            """);
        repo.Write("charts/web/templates/tests/ping.yaml", """
            apiVersion: v1
            kind: Pod
            metadata:
              name: {{ .Release.Name }}-ping
              annotations:
                "helm.sh/hook": test
            spec:
              restartPolicy: Never
              containers: [{name: ping, image: busybox}]
            """);
        repo.Write("charts/web/crds/widget.yaml", """
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata:
              name: widgets.example.com
            spec:
              group: example.com
              names: {kind: Widget, plural: widgets}
              scope: Namespaced
              versions:
                - name: v1
                  served: true
                  storage: true
                  schema: {openAPIV3Schema: {type: object}}
            """);
        WriteCacheChart(repo, "charts/web/charts/cache");

        // A required value that is missing: an execution error on line 6 of the template.
        repo.Write("charts/broken/Chart.yaml", "apiVersion: v2\nname: broken\nversion: 0.1.0\n");
        repo.Write("charts/broken/templates/cm.yaml", """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: broken
            data:
              value: {{ required "value is required" .Values.value | quote }}
            """);

        // A dependency from a remote repository that is not vendored.
        repo.Write("charts/needs-remote/Chart.yaml", """
            apiVersion: v2
            name: needs-remote
            version: 0.1.0
            dependencies:
              - name: redis
                version: 1.0.0
                repository: https://charts.example.invalid/stable
            """);
        repo.Write("charts/needs-remote/templates/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n");

        // A dependency on a chart elsewhere in the repository, built offline.
        repo.Write("charts/local-dep/Chart.yaml", """
            apiVersion: v2
            name: local-dep
            version: 0.1.0
            dependencies:
              - name: cache
                version: 0.1.0
                repository: file://../../library/cache
            """);
        repo.Write("charts/local-dep/values.yaml", "global:\n  env: dev\n");
        WriteCacheChart(repo, "library/cache");
        repo.Write("charts/escaping-dep/Chart.yaml", """
            apiVersion: v2
            name: escaping-dep
            version: 0.1.0
            dependencies:
              - name: cache
                version: 0.1.0
                repository: file://../../../outside
            """);
    }

    public static void WriteCacheChart(TempDirectory repo, string path)
    {
        repo.Write(path + "/Chart.yaml", "apiVersion: v2\nname: cache\nversion: 0.1.0\n");
        repo.Write(path + "/values.yaml", "size: 1\nglobal: {}\n");
        repo.Write(path + "/templates/cm.yaml", """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: {{ .Release.Name }}-cache
            data:
              size: {{ .Values.size | quote }}
              env: {{ .Values.global.env | default "none" | quote }}
            """);
    }
}
