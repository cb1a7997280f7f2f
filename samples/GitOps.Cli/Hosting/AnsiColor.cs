namespace GitOps.Cli.Hosting;

/// <summary>The ANSI foreground colours the command line uses.</summary>
internal enum AnsiColor
{
    /// <summary>No colour.</summary>
    None = 0,

    /// <summary>Removed lines, failures, Degraded.</summary>
    Red = 31,

    /// <summary>Added lines, Synced, Healthy.</summary>
    Green = 32,

    /// <summary>OutOfSync, Progressing.</summary>
    Yellow = 33,

    /// <summary>Headers of diffs.</summary>
    Cyan = 36,

    /// <summary>Less important text.</summary>
    Gray = 90,
}
