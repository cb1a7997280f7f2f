using GitOps.Renderers.Kustomize;
using GitOps.Renderers.Tools;
using GitOps.Rendering;
using GitOps.Sources.Git;
using GitOps.Tests.TestSupport;
using LibGit2Sharp;
using Microsoft.Extensions.DependencyInjection;

namespace GitOps.Renderers.Tests.Tools;

/// <summary>Renders Git commits: the tree is written from the object database, and a warm render of the same commit runs no tool.</summary>
public sealed class GitTreeRenderTests
{
    private TempDirectory _dir = null!;
    private ServiceProvider _services = null!;
    private string _url = null!;
    private string _safe = null!;
    private string _escaping = null!;

    [OneTimeSetUp]
    public void CreateRepository()
    {
        ExternalTools.Require("kubectl");
        _dir = new TempDirectory();
        var work = Path.Combine(_dir.Path, "source");
        Repository.Init(work);
        using (var repository = new Repository(work))
        {
            var signature = new Signature("test", "test@gitops.invalid", DateTimeOffset.UnixEpoch);
            _dir.Write("source/app/kustomization.yaml", "resources:\n  - cm.yaml\nconfigMapGenerator:\n  - name: gen\n    literals: [A=1]\n");
            _dir.Write("source/app/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: plain\n");
            Commands.Stage(repository, "*");
            _safe = repository.Commit("app", signature, signature).Sha;
            File.CreateSymbolicLink(Path.Combine(work, "app", "stolen.yaml"), "/etc/passwd");
            Commands.Stage(repository, "*");
            _escaping = repository.Commit("escaping link", signature, signature).Sha;
        }

        _url = new Uri(work).AbsoluteUri;
        _services = ExternalTools.Services(b => b.ConfigureGit(o => o.CacheDirectory = Path.Combine(_dir.Path, "cache")));
    }

    [OneTimeTearDown]
    public async Task RemoveRepository()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }

        _dir?.Dispose();
    }

    [Test]
    public async Task RenderAsync_GitCommitTwice_SecondServedFromCacheWithoutRunningTools()
    {
        var tree = await _services.GetRequiredService<IGitSource>().OpenAsync(_url, _safe);
        var runner = _services.GetRequiredService<ToolRunner>();
        var options = new KustomizeRendererOptions { NamePrefix = "git-" };

        var cold = await ExternalTools.RenderAsync(_services, tree, "app", options);
        var invocations = runner.Invocations;
        var warm = await ExternalTools.RenderAsync(_services, tree, "app", options);

        Assert.Multiple(() =>
        {
            Assert.That(cold.FromCache, Is.False);
            Assert.That(cold.Objects.Select(o => o.Name), Does.Contain("git-plain"));
            Assert.That(warm.FromCache, Is.True);
            Assert.That(ExternalTools.Canonical(warm), Is.EqualTo(ExternalTools.Canonical(cold)));
            Assert.That(runner.Invocations, Is.EqualTo(invocations));
        });
    }

    [Test]
    public async Task RenderAsync_CommitWithLinkLeavingRepository_Refused()
    {
        var tree = await _services.GetRequiredService<IGitSource>().OpenAsync(_url, _escaping);

        Assert.That(async () => await ExternalTools.RenderAsync(_services, tree, "app", new KustomizeRendererOptions()),
            Throws.TypeOf<RenderException>().With.Message.Contains("stolen.yaml"));
    }
}
