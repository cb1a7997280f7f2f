using GitOps.Sources;

namespace GitOps.Rendering;

/// <summary>The registered renderers, looked up by name or detected from an application's files.</summary>
public sealed class RendererRegistry
{
    private readonly Dictionary<string, IManifestRenderer> _renderers = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Creates the registry. When two renderers share a name, the one registered last wins.</summary>
    /// <param name="renderers">The renderers.</param>
    public RendererRegistry(IEnumerable<IManifestRenderer> renderers)
    {
        ArgumentNullException.ThrowIfNull(renderers);
        foreach (var renderer in renderers)
        {
            _renderers[renderer.Name] = renderer;
        }
    }

    /// <summary>The names of the registered renderers, sorted.</summary>
    public IReadOnlyList<string> Names => [.. _renderers.Keys.Order(StringComparer.Ordinal)];

    /// <summary>Finds a renderer by name.</summary>
    /// <param name="name">The name, in any case.</param>
    /// <exception cref="RenderException">No renderer has that name.</exception>
    public IManifestRenderer Get(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return _renderers.TryGetValue(name, out var renderer)
            ? renderer
            : throw new RenderException(
                $"No renderer named '{name}' is registered; registered: {string.Join(", ", Names)}.");
    }

    /// <summary>Whether a renderer of that name is registered.</summary>
    /// <param name="name">The name, in any case.</param>
    public bool Contains(string name) => _renderers.ContainsKey(name);

    /// <summary>
    /// Detects the renderer for an application path the way Argo CD does: only the files directly in the path
    /// count; a kustomization file (<c>kustomization.yaml</c>, <c>kustomization.yml</c> or <c>Kustomization</c>) means
    /// Kustomize, else a file whose name ends in <c>Chart.yaml</c> means Helm, else it is a plain directory.
    /// </summary>
    /// <param name="source">The files.</param>
    /// <param name="path">The application path.</param>
    /// <returns>The detected renderer's name (which need not be registered).</returns>
    /// <exception cref="RenderException">The path does not exist or is not a directory.</exception>
    public static string Detect(ISourceTree source, string path)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(path);
        var entry = source.GetEntry(path);
        if (entry is null)
        {
            throw new RenderException($"Application path '{Display(path)}' does not exist in {Describe(source)}.");
        }

        if (entry.Kind != SourceEntryKind.Directory && entry.Kind != SourceEntryKind.Symlink)
        {
            throw new RenderException($"Application path '{Display(path)}' in {Describe(source)} is not a directory.");
        }

        var helm = false;
        foreach (var child in source.ListDirectory(path))
        {
            if (child.Kind == SourceEntryKind.Directory)
            {
                continue;
            }

            if (IsKustomization(child.Name))
            {
                return RendererNames.Kustomize;
            }

            helm |= child.Name.EndsWith("Chart.yaml", StringComparison.Ordinal);
        }

        return helm ? RendererNames.Helm : RendererNames.Directory;
    }

    /// <summary>Whether a file name is one kustomize reads as a kustomization.</summary>
    /// <param name="fileName">The file's name, without directory.</param>
    public static bool IsKustomization(string fileName) =>
        fileName is "kustomization.yaml" or "kustomization.yml" or "Kustomization";

    internal static string Describe(ISourceTree source) =>
        source.Revision is { } revision ? $"{source.Origin} at {revision}" : source.Origin;

    private static string Display(string path) => path.Length == 0 ? "." : path;
}
