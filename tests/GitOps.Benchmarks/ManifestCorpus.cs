using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using GitOps.Manifests;

namespace GitOps.Benchmarks;

/// <summary>A synthetic but realistic multi-document stream: Deployments, Services and ConfigMaps, varied content.</summary>
internal static class ManifestCorpus
{
    public static byte[] Yaml(int targetBytes)
    {
        var text = new StringBuilder(targetBytes + 4096);
        for (var i = 0; text.Length < targetBytes; i++)
        {
            var n = i.ToString(CultureInfo.InvariantCulture);
            switch (i % 3)
            {
                case 0:
                    text.Append(CultureInfo.InvariantCulture, $$"""
                        apiVersion: apps/v1
                        kind: Deployment
                        metadata:
                          name: app-{{n}}
                          namespace: team-{{i % 17}}
                          labels: &labels{{n}}
                            app.kubernetes.io/name: app-{{n}}
                            app.kubernetes.io/part-of: shop
                            app.kubernetes.io/version: "1.{{i % 9}}.0"
                          annotations:
                            example.com/owner: team-{{i % 17}}@example.com
                            example.com/description: "Application {{n}}: serves the catalogue, the basket and the checkout"
                        spec:
                          replicas: {{i % 5 + 1}}
                          revisionHistoryLimit: 10
                          selector:
                            matchLabels: *labels{{n}}
                          strategy:
                            type: RollingUpdate
                            rollingUpdate: {maxSurge: 25%, maxUnavailable: 0}
                          template:
                            metadata:
                              labels: *labels{{n}}
                            spec:
                              serviceAccountName: app-{{n}}
                              containers:
                              - name: main
                                image: registry.example.com/shop/app-{{n}}:v1.{{i % 9}}.{{i % 31}}
                                args: ["--port=8080", "--log-level=info", --metrics]
                                ports:
                                - {name: http, containerPort: 8080, protocol: TCP}
                                - {name: metrics, containerPort: 9090, protocol: TCP}
                                env:
                                - name: FEATURE_FLAGS
                                  value: "checkout,basket,recommendations"
                                - name: ENABLED
                                  value: "true"
                                - name: RATIO
                                  value: "0.{{i % 10}}"
                                resources:
                                  requests: {cpu: 100m, memory: 128Mi}
                                  limits: {cpu: "1", memory: 512Mi}
                                readinessProbe:
                                  httpGet: {path: /healthz, port: http}
                                  initialDelaySeconds: 5
                                  periodSeconds: 10
                                securityContext:
                                  runAsNonRoot: true
                                  readOnlyRootFilesystem: yes
                                  allowPrivilegeEscalation: false
                        ---

                        """);
                    break;
                case 1:
                    text.Append(CultureInfo.InvariantCulture, $$"""
                        apiVersion: v1
                        kind: Service
                        metadata:
                          name: app-{{n}}
                          namespace: team-{{i % 17}}
                        spec:
                          type: ClusterIP
                          selector:
                            app.kubernetes.io/name: app-{{n}}
                          ports:
                          - name: http
                            port: 80
                            targetPort: http
                        ---

                        """);
                    break;
                default:
                    text.Append(CultureInfo.InvariantCulture, $$"""
                        apiVersion: v1
                        kind: ConfigMap
                        metadata:
                          name: config-{{n}}
                          namespace: team-{{i % 17}}
                        data:
                          LOG_LEVEL: info
                          TIMEOUT: "30s"
                          config.yaml: |
                            server:
                              port: 8080
                              shutdownTimeout: 30s
                            cache:
                              enabled: true
                              size: {{i * 7 % 1000}}
                            upstreams:
                            - https://catalogue.example.com
                            - https://pricing.example.com
                        ---

                        """);
                    break;
            }
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>The values of a stream of JSON values written one a line.</summary>
    public static List<byte[]> JsonLines(ReadOnlyMemory<byte> json)
    {
        var lines = new List<byte[]>();
        var rest = json.Span;
        while (!rest.IsEmpty)
        {
            var end = rest.IndexOf((byte)'\n');
            var line = end < 0 ? rest : rest[..end];
            if (!line.IsEmpty)
            {
                lines.Add(line.ToArray());
            }

            rest = end < 0 ? [] : rest[(end + 1)..];
        }

        return lines;
    }

    /// <summary>Visits every node, so that a lazily parsed tree builds all its objects and arrays.</summary>
    public static JsonNode? Materialize(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject map:
                foreach (var property in map)
                {
                    Materialize(property.Value);
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    Materialize(item);
                }

                break;
        }

        return node;
    }

    /// <summary>How many mappings, sequences and scalars the objects hold, and how long their strings are.</summary>
    public static string Census(IReadOnlyList<ManifestObject> objects)
    {
        long maps = 0, sequences = 0, scalars = 0, nulls = 0, properties = 0, stringChars = 0;
        void Visit(JsonNode? node)
        {
            switch (node)
            {
                case null:
                    nulls++;
                    break;
                case JsonObject map:
                    maps++;
                    foreach (var (key, value) in map)
                    {
                        properties++;
                        stringChars += key.Length;
                        Visit(value);
                    }

                    break;
                case JsonArray array:
                    sequences++;
                    foreach (var item in array)
                    {
                        Visit(item);
                    }

                    break;
                case JsonValue value:
                    scalars++;
                    if (value.TryGetValue(out string? text))
                    {
                        stringChars += text.Length;
                    }

                    break;
            }
        }

        foreach (var manifest in objects)
        {
            Visit(manifest.Root);
        }

        return string.Create(
            CultureInfo.InvariantCulture,
            $"result tree: {maps} mappings ({properties} properties), {sequences} sequences, {scalars} scalars, {nulls} nulls; {stringChars / 1e6:F1} M characters in keys and strings (counting repeats)");
    }
}
