using System.Globalization;
using System.Text.Json.Nodes;
using GitOps.Manifests;

namespace GitOps.Benchmarks;

/// <summary>Pairs of desired and live Deployments, the live ones as an API server returns them.</summary>
internal static class DiffCorpus
{
    public static (ManifestObject Desired, ManifestObject Live)[] Pairs(int count, int modifiedEvery)
    {
        var pairs = new (ManifestObject, ManifestObject)[count];
        for (var i = 0; i < count; i++)
        {
            var name = string.Create(CultureInfo.InvariantCulture, $"app-{i:D5}");
            var desired = Desired(name);
            var live = Live(name, modified: i % modifiedEvery == 0);
            pairs[i] = (desired, live);
        }

        return pairs;
    }

    private static ManifestObject Desired(string name) => new(JsonNode.Parse(Fill("""
        {"apiVersion":"apps/v1","kind":"Deployment",
         "metadata":{"name":"NAME","namespace":"bench","labels":{"app":"NAME"},
           "annotations":{"gitops.dotnet/tracking-id":"bench:apps/Deployment:bench/NAME"}},
         "spec":{"replicas":2,"selector":{"matchLabels":{"app":"NAME"}},
           "template":{"metadata":{"labels":{"app":"NAME"}},
             "spec":{"containers":[{"name":"web","image":"registry.example/web:1.0","ports":[{"containerPort":8080}],
               "env":[{"name":"MODE","value":"production"},{"name":"LOG","value":"info"}],
               "resources":{"requests":{"cpu":"100m","memory":"128Mi"},"limits":{"cpu":"1","memory":"0.5Gi"}}}]}}}}
        """, name, "1.0"))!.AsObject());

    private static ManifestObject Live(string name, bool modified) => new(JsonNode.Parse(Fill("""
        {"apiVersion":"apps/v1","kind":"Deployment",
         "metadata":{"name":"NAME","namespace":"bench","labels":{"app":"NAME"},"uid":"0d7c1b7e-NAME","resourceVersion":"12345",
           "generation":3,"creationTimestamp":"2026-01-01T00:00:00Z",
           "annotations":{"gitops.dotnet/tracking-id":"bench:apps/Deployment:bench/NAME","deployment.kubernetes.io/revision":"3"},
           "managedFields":[{"manager":"gitops-dotnet","operation":"Apply","apiVersion":"apps/v1","fieldsType":"FieldsV1",
             "fieldsV1":{"f:spec":{"f:replicas":{},"f:template":{"f:spec":{"f:containers":{"k:{\"name\":\"web\"}":{".":{},"f:image":{}}}}}}}}]},
         "spec":{"replicas":2,"revisionHistoryLimit":10,"progressDeadlineSeconds":600,
           "strategy":{"type":"RollingUpdate","rollingUpdate":{"maxSurge":"25%","maxUnavailable":"25%"}},
           "selector":{"matchLabels":{"app":"NAME"}},
           "template":{"metadata":{"labels":{"app":"NAME"}},
             "spec":{"restartPolicy":"Always","dnsPolicy":"ClusterFirst","schedulerName":"default-scheduler","securityContext":{},
               "terminationGracePeriodSeconds":30,
               "containers":[{"name":"web","image":"registry.example/web:TAG","imagePullPolicy":"IfNotPresent",
                 "terminationMessagePath":"/dev/termination-log","terminationMessagePolicy":"File",
                 "ports":[{"containerPort":8080,"protocol":"TCP"}],
                 "env":[{"name":"MODE","value":"production"},{"name":"LOG","value":"info"}],
                 "resources":{"requests":{"cpu":"100m","memory":"128Mi"},"limits":{"cpu":"1","memory":"512Mi"}}}]}}},
         "status":{"observedGeneration":3,"replicas":2,"updatedReplicas":2,"readyReplicas":2,"availableReplicas":2,
           "conditions":[{"type":"Available","status":"True"},{"type":"Progressing","status":"True","reason":"NewReplicaSetAvailable"}]}}
        """, name, modified ? "1.1" : "1.0"))!.AsObject());

    private static string Fill(string template, string name, string tag) =>
        template.Replace("NAME", name, StringComparison.Ordinal).Replace("TAG", tag, StringComparison.Ordinal);
}
