namespace GitOps.Testing.Storage;

/// <summary>What deleting an owner does to its dependents.</summary>
internal enum PropagationPolicy
{
    /// <summary>The owner goes now; the garbage collector deletes dependents afterwards.</summary>
    Background,

    /// <summary>The owner waits (finalizer <c>foregroundDeletion</c>) until its dependents are gone.</summary>
    Foreground,

    /// <summary>Dependents lose their owner reference and stay (finalizer <c>orphan</c>).</summary>
    Orphan,
}
