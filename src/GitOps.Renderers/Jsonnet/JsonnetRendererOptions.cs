using GitOps.Rendering;

namespace GitOps.Renderers.Jsonnet;

/// <summary>Options of a Jsonnet application: every <c>*.jsonnet</c> file of the folder is evaluated. Plain data.</summary>
public sealed class JsonnetRendererOptions : RendererOptions
{
    /// <inheritdoc />
    public override string RendererName => RendererNames.Jsonnet;

    /// <summary>Whether <c>*.jsonnet</c> files of sub-folders (hidden ones excepted) are evaluated too.</summary>
    public bool Recurse { get; init; }

    /// <summary>Variables, arguments and library paths.</summary>
    public JsonnetOptions Jsonnet { get; init; } = new();
}
