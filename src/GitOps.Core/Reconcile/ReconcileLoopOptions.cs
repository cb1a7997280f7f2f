using System.ComponentModel.DataAnnotations;

namespace GitOps.Reconcile;

/// <summary>Settings of <see cref="ReconcileLoop"/>. Defaults follow Argo CD.</summary>
public sealed class ReconcileLoopOptions
{
    /// <summary>How often each application is reconciled when nothing triggers it (Argo CD: 120 s).</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "1.00:00:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(120);

    /// <summary>Up to this much random delay is added to each poll so applications don't all refresh at once (Argo CD: 60 s).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan PollJitter { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How many applications are refreshed (rendered and compared) at once (Argo CD: 20).</summary>
    [Range(1, 1000)]
    public int StatusProcessors { get; set; } = 20;

    /// <summary>How many sync operations run at once (Argo CD: 10). Each application runs at most one.</summary>
    [Range(1, 1000)]
    public int OperationProcessors { get; set; } = 10;

    /// <summary>Resume the sync operations left Running (by a crash or restart) when the loop starts.</summary>
    public bool ResumeOperations { get; set; } = true;
}
