namespace GitOps.Renderers.Tools;

/// <summary>The external programs the renderers run.</summary>
public enum ExternalTool
{
    /// <summary><c>helm</c>, 3.8 or later.</summary>
    Helm,

    /// <summary><c>kubectl</c>, 1.27 or later, for <c>kubectl kustomize</c>.</summary>
    Kubectl,

    /// <summary>A standalone <c>kustomize</c>, 5.0 or later, used only when configured.</summary>
    Kustomize,

    /// <summary><c>jsonnet</c>, 0.18 or later.</summary>
    Jsonnet,
}
