using GitOps.Diff;

namespace GitOps.Applications;

/// <summary>An application's desired state (Argo CD's <c>ApplicationSpec</c>, plus <see cref="DependsOn"/>).</summary>
public sealed record ApplicationSpec
{
    /// <summary>The default for <see cref="RevisionHistoryLimit"/>, as Argo CD.</summary>
    public const int DefaultRevisionHistoryLimit = 10;

    /// <summary>The project (<c>spec.project</c>); <c>default</c> when not given.</summary>
    public string Project { get; init; } = "default";

    /// <summary>The single source (<c>spec.source</c>); <see langword="null"/> when <see cref="Sources"/> is used.</summary>
    public ApplicationSource? Source { get; init; }

    /// <summary>Several sources (<c>spec.sources</c>); when not empty it replaces <see cref="Source"/>.</summary>
    public IReadOnlyList<ApplicationSource> Sources { get; init; } = [];

    /// <summary>The cluster and namespace to deploy to.</summary>
    public ApplicationDestination Destination { get; init; } = new();

    /// <summary>When and how syncs run; <see langword="null"/> when not given (manual syncs only).</summary>
    public ApplicationSyncPolicy? SyncPolicy { get; init; }

    /// <summary>Differences to ignore (<c>spec.ignoreDifferences</c>; <c>jqPathExpressions</c> become <see cref="IgnoreDifferencesRule.PathExpressions"/>).</summary>
    public IReadOnlyList<IgnoreDifferencesRule> IgnoreDifferences { get; init; } = [];

    /// <summary>How many past syncs are kept in history. Default 10.</summary>
    public int RevisionHistoryLimit { get; init; } = DefaultRevisionHistoryLimit;

    /// <summary>Free-form information shown with the application (<c>spec.info</c>).</summary>
    public IReadOnlyList<ApplicationInfo> Info { get; init; } = [];

    /// <summary>
    /// Applications that must be synced and healthy before this one syncs (<c>spec.dependsOn</c>, an extension
    /// of ours; Argo CD has no such field).
    /// </summary>
    public IReadOnlyList<ApplicationReference> DependsOn { get; init; } = [];

    /// <summary>The sources in effect: <see cref="Sources"/> when not empty, otherwise <see cref="Source"/> alone.</summary>
    public IReadOnlyList<ApplicationSource> EffectiveSources =>
        Sources.Count > 0 ? Sources : Source is null ? [] : [Source];
}
