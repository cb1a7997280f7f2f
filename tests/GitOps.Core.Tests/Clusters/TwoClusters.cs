using GitOps.Testing;
using GitOps.Tests.TestSupport;

namespace GitOps.Tests.Clusters;

/// <summary>Two emulated clusters, each asking for its own bearer token, and a kubeconfig file with a context for each.</summary>
internal sealed class TwoClusters : IAsyncDisposable
{
    public const string EastToken = "east-secret-token";
    public const string WestToken = "west-secret-token";

    private TwoClusters(EmulatorFixture east, EmulatorFixture west, TempDirectory temp, string kubeconfig)
    {
        East = east;
        West = west;
        Temp = temp;
        Kubeconfig = kubeconfig;
    }

    public EmulatorFixture East { get; }

    public EmulatorFixture West { get; }

    public TempDirectory Temp { get; }

    /// <summary>A kubeconfig whose contexts <c>east</c> (current) and <c>west</c> reach the two clusters with their tokens.</summary>
    public string Kubeconfig { get; }

    public static async Task<TwoClusters> StartAsync()
    {
        var east = await EmulatorFixture.StartAsync(new KubernetesEmulatorOptions { BearerToken = EastToken });
        var west = await EmulatorFixture.StartAsync(new KubernetesEmulatorOptions { BearerToken = WestToken });
        var temp = new TempDirectory();
        var kubeconfig = temp.Write("kubeconfig", $"""
            apiVersion: v1
            kind: Config
            current-context: east
            clusters:
            - name: east-cluster
              cluster:
                server: {east.Emulator.BaseAddress}
            - name: west-cluster
              cluster:
                server: {west.Emulator.BaseAddress}
            users:
            - name: east-user
              user:
                token: {EastToken}
            - name: west-user
              user:
                token: {WestToken}
            contexts:
            - name: east
              context:
                cluster: east-cluster
                user: east-user
            - name: west
              context:
                cluster: west-cluster
                user: west-user
            """);
        return new TwoClusters(east, west, temp, kubeconfig);
    }

    public async Task CreateNamespaceAsync(string name)
    {
        await East.CreateNamespaceAsync(name);
        await West.CreateNamespaceAsync(name);
    }

    public async ValueTask DisposeAsync()
    {
        await East.DisposeAsync();
        await West.DisposeAsync();
        Temp.Dispose();
    }
}
