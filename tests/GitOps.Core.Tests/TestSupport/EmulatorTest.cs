using Microsoft.Extensions.DependencyInjection;

namespace GitOps.Tests.TestSupport;

/// <summary>
/// A fixture with one emulated cluster and the SDK's core services for all its tests; each test takes a namespace of
/// its own so tests don't see each other's objects.
/// </summary>
[NonParallelizable]
public abstract class EmulatorTest
{
    private int _namespaces;

    internal EmulatorFixture Cluster { get; private set; } = null!;

    internal ServiceProvider Services { get; private set; } = null!;

    [OneTimeSetUp]
    public async Task StartEmulator()
    {
        Cluster = await EmulatorFixture.StartAsync();
        var services = new ServiceCollection();
        services.AddGitOpsCore();
        Services = services.BuildServiceProvider();
    }

    [OneTimeTearDown]
    public async Task StopEmulator()
    {
        await Services.DisposeAsync();
        await Cluster.DisposeAsync();
    }

    /// <summary>Creates a fresh namespace and returns its name.</summary>
    internal async Task<string> NewNamespaceAsync(string prefix = "test")
    {
        var ns = $"{prefix}-{Interlocked.Increment(ref _namespaces)}";
        await Cluster.CreateNamespaceAsync(ns);
        return ns;
    }
}
