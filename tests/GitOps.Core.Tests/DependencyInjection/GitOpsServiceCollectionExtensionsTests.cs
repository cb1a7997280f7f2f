using GitOps.Rendering;
using GitOps.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace GitOps.Tests.DependencyInjection;

public sealed class GitOpsServiceCollectionExtensionsTests
{
    [Test]
    public void AddGitOpsCore_CalledTwice_RegistersEachServiceOnce()
    {
        var services = new ServiceCollection();
        services.AddGitOpsCore().AddRenderer<CountingRendererForDi>();
        services.AddGitOpsCore().AddRenderer<CountingRendererForDi>();

        Assert.Multiple(() =>
        {
            Assert.That(services.Count(d => d.ServiceType == typeof(IManifestRenderService)), Is.EqualTo(1));
            Assert.That(services.Count(d => d.ServiceType == typeof(IManifestRenderer)), Is.EqualTo(1));
        });
    }

    [Test]
    public void AddGitOpsCore_InvalidOptions_FailsWhenResolvedNamingTheField()
    {
        var services = new ServiceCollection();
        services.AddGitOpsCore().ConfigureRenderCache(o => o.Capacity = -1);
        using var provider = services.BuildServiceProvider();

        Assert.That(() => provider.GetRequiredService<IOptions<RenderCacheOptions>>().Value,
            Throws.TypeOf<OptionsValidationException>().With.Message.Contains(nameof(RenderCacheOptions.Capacity)));
    }

    [Test]
    public void AddRenderer_CustomRenderer_ReachableThroughRegistry()
    {
        var services = new ServiceCollection();
        services.AddGitOpsCore().AddRenderer<CountingRendererForDi>();
        using var provider = services.BuildServiceProvider();

        Assert.That(provider.GetRequiredService<RendererRegistry>().Get("counting"), Is.InstanceOf<CountingRendererForDi>());
    }

    private sealed class CountingRendererForDi : IManifestRenderer
    {
        public string Name => "counting";

        public ValueTask<RenderResult> RenderAsync(RenderRequest request, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(new RenderResult(Name, []));
    }
}
