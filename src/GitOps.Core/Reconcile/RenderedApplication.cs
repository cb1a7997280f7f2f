using GitOps.Manifests;

namespace GitOps.Reconcile;

/// <summary>An application's manifests rendered at one revision (<see cref="ApplicationReconciler.RenderAsync(Applications.Application, CancellationToken)"/>).</summary>
public sealed record RenderedApplication
{
    /// <summary>The commit rendered (commits of several sources joined by commas; <c>(local)</c> for a plain folder).</summary>
    public required string Revision { get; init; }

    /// <summary>The rendered objects, hooks included.</summary>
    public required IReadOnlyList<ManifestObject> Objects { get; init; }

    /// <summary>The renderers' warnings.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
}
