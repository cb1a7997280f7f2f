namespace GitOps.Testing.Storage;

/// <summary>A delete call's options: propagation and the preconditions of <c>DeleteOptions</c>.</summary>
internal sealed record DeleteRequest(PropagationPolicy Propagation, string? PreconditionUid, string? PreconditionResourceVersion)
{
    /// <summary>Whether the body's <c>DeleteOptions.dryRun</c> asked for a dry run.</summary>
    public bool DryRun { get; init; }
}
