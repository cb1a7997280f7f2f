using GitOps.Tests.TestSupport;

namespace GitOps.Hosting.Tests;

/// <summary>One emulated cluster per fixture; each test takes a namespace of its own.</summary>
[NonParallelizable]
public abstract class HostingTest
{
    private int _namespaces;

    internal EmulatorFixture Cluster { get; private set; } = null!;

    [OneTimeSetUp]
    public async Task StartEmulator() => Cluster = await EmulatorFixture.StartAsync();

    [OneTimeTearDown]
    public async Task StopEmulator() => await Cluster.DisposeAsync();

    internal async Task<string> NewNamespaceAsync(string prefix)
    {
        var ns = $"{prefix}-{Interlocked.Increment(ref _namespaces)}";
        await Cluster.CreateNamespaceAsync(ns);
        return ns;
    }
}
