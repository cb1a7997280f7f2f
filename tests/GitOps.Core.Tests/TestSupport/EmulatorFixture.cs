using GitOps.Cluster;
using GitOps.Manifests;
using GitOps.Testing;

namespace GitOps.Tests.TestSupport;

/// <summary>An emulated cluster and a client of it, shared by the tests of one fixture.</summary>
internal sealed class EmulatorFixture : IAsyncDisposable
{
    private EmulatorFixture(KubernetesEmulator emulator, ClusterClient client)
    {
        Emulator = emulator;
        Client = client;
    }

    public KubernetesEmulator Emulator { get; }

    public ClusterClient Client { get; }

    public static async Task<EmulatorFixture> StartAsync(KubernetesEmulatorOptions? options = null)
    {
        var emulator = await KubernetesEmulator.StartAsync(options ?? new KubernetesEmulatorOptions());
        var client = new ClusterClient(new ClusterConnectionOptions { Server = emulator.BaseAddress, Token = options?.BearerToken });
        return new EmulatorFixture(emulator, client);
    }

    public async Task<ManifestObject> ApplyAsync(ManifestObject manifest, string fieldManager = "gitops-dotnet")
    {
        var resource = await Client.Discovery.GetAsync(manifest);
        return await Client.ApplyAsync(resource, manifest, new ApplyOptions { FieldManager = fieldManager, Force = true });
    }

    public async Task CreateNamespaceAsync(string name)
    {
        var ns = ManifestObjects.Parse("""{"apiVersion":"v1","kind":"Namespace","metadata":{}}""");
        ns.Name = name;
        await ApplyAsync(ns);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Emulator.DisposeAsync();
    }
}
