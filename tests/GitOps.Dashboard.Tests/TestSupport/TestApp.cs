using System.Text;

namespace GitOps.Dashboard.Tests.TestSupport;

/// <summary>An application of a test: its manifests in the shared repository, committed version by version.</summary>
internal sealed class TestApp(DashboardTest test, string name, string ns, string path)
{
    public string Name { get; } = name;

    public string Namespace { get; } = ns;

    public string Path { get; } = path;

    /// <summary>The Secret's password at a version, which must never appear on a page.</summary>
    public static string Password(int version) => $"s3cret-password-v{version}";

    public static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    public string Commit(int version)
    {
        test.Repository.WriteFile($"{Path}/deployment.yaml", $$"""
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
            spec:
              replicas: 2
              selector:
                matchLabels:
                  app: web
              template:
                metadata:
                  labels:
                    app: web
                spec:
                  containers:
                    - name: web
                      image: "registry.example/web:1.{{version}}"
            """);
        test.Repository.WriteFile($"{Path}/settings.yaml", $"""
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: settings
            data:
              greeting: "hello v{version}"
            """);
        test.Repository.WriteFile($"{Path}/secret.yaml", $"""
            apiVersion: v1
            kind: Secret
            metadata:
              name: creds
            type: Opaque
            data:
              password: {Base64(Password(version))}
            """);
        return test.Repository.Commit($"{Name} v{version}");
    }

    public async Task<string?> LiveGreetingAsync()
    {
        var configMaps = await test.Cluster.Client.Discovery.FindAsync(new Manifests.GroupVersionKind(string.Empty, "v1", "ConfigMap"));
        var live = await test.Cluster.Client.GetAsync(configMaps!, Namespace, "settings");
        return live?.Root["data"]?["greeting"]?.GetValue<string>();
    }

    public string PageUrl(DashboardServer dashboard) => new Uri(dashboard.Url, "/app?name=" + Uri.EscapeDataString(Name)).ToString();
}
