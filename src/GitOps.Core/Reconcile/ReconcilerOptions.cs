using System.ComponentModel.DataAnnotations;
using GitOps.Applications.SyncWindows;
using GitOps.Sync;

namespace GitOps.Reconcile;

/// <summary>Settings of <see cref="ApplicationReconciler"/>.</summary>
public sealed class ReconcilerOptions
{
    /// <summary>The first self-heal delay after a self-heal sync (Argo CD: 2 s).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan SelfHealBackoff { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>What each further self-heal attempt multiplies the delay by (Argo CD: 3).</summary>
    [Range(1.0, 100.0)]
    public double SelfHealBackoffFactor { get; set; } = 3;

    /// <summary>The longest self-heal delay (Argo CD: 300 s).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan SelfHealBackoffMax { get; set; } = TimeSpan.FromSeconds(300);

    /// <summary>Sync windows (from AppProjects) that gate automated syncs.</summary>
    public IList<SyncWindow> SyncWindows { get; } = [];

    /// <summary>The sync options the application's policy starts from.</summary>
    public SyncOptions SyncDefaults { get; set; } = new();

    /// <summary>
    /// How long after the last operation finished a self-heal may run, given how many self-heals ran since the last sync
    /// of a new revision: the base delay for none or one, then times the factor for each further one, up to the cap.
    /// </summary>
    /// <param name="previousSelfHeals">Self-heals since the last sync of a new revision or specification.</param>
    /// <returns>The delay.</returns>
    public TimeSpan SelfHealDelay(int previousSelfHeals)
    {
        var seconds = SelfHealBackoff.TotalSeconds * Math.Pow(SelfHealBackoffFactor, Math.Max(previousSelfHeals - 1, 0));
        return double.IsFinite(seconds) && seconds < SelfHealBackoffMax.TotalSeconds ? TimeSpan.FromSeconds(seconds) : SelfHealBackoffMax;
    }
}
