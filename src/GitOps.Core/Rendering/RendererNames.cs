namespace GitOps.Rendering;

/// <summary>The names of the built-in renderers.</summary>
public static class RendererNames
{
    /// <summary>Plain YAML and JSON files of a directory.</summary>
    public const string Directory = "directory";

    /// <summary>A Helm chart.</summary>
    public const string Helm = "helm";

    /// <summary>A kustomization.</summary>
    public const string Kustomize = "kustomize";

    /// <summary>Jsonnet programs.</summary>
    public const string Jsonnet = "jsonnet";
}
