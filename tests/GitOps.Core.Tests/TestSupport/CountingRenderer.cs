using System.Text.Json.Nodes;
using GitOps.Manifests;
using GitOps.Rendering;

namespace GitOps.Tests.TestSupport;

/// <summary>A renderer that makes one ConfigMap per call, named after the path, and counts its calls.</summary>
internal sealed class CountingRenderer(string name = "directory", TimeSpan? delay = null) : IManifestRenderer
{
    private int _calls;

    public string Name { get; } = name;

    public int Calls => _calls;

    public Exception? FailWith { get; set; }

    public async ValueTask<RenderResult> RenderAsync(RenderRequest request, CancellationToken cancellationToken = default)
    {
        var call = Interlocked.Increment(ref _calls);
        if (delay is { } d)
        {
            await Task.Delay(d, cancellationToken);
        }

        if (FailWith is { } failure)
        {
            throw failure;
        }

        var root = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "ConfigMap",
            ["metadata"] = new JsonObject { ["name"] = $"{request.Path.Replace('/', '-')}-{call}" },
        };
        return new RenderResult(Name, [new ManifestObject(root)]);
    }
}
