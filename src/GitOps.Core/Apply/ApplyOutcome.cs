namespace GitOps.Apply;

/// <summary>What happened to one object.</summary>
public enum ApplyOutcome
{
    /// <summary>It did not exist and was created.</summary>
    Created,

    /// <summary>It existed and was changed.</summary>
    Configured,

    /// <summary>It existed and the write changed nothing, or no write was needed.</summary>
    Unchanged,

    /// <summary>It was deleted as extraneous.</summary>
    Pruned,

    /// <summary>It is extraneous but was not deleted (pruning off, awaiting confirmation, or Prune=false).</summary>
    PruneSkipped,

    /// <summary>The write failed; the message says why.</summary>
    Failed,
}
