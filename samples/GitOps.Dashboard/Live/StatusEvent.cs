using GitOps.Reconcile;

namespace GitOps.Dashboard.Live;

/// <summary>The data of one <c>status</c> server-sent event: what changed about an application.</summary>
/// <param name="Application">The qualified application name.</param>
/// <param name="Sync">Its sync status.</param>
/// <param name="Health">Its health.</param>
/// <param name="Revision">The revision compared against.</param>
/// <param name="Operation">The last operation's phase, if any.</param>
/// <param name="ReconciledAt">When the status was made.</param>
internal sealed record StatusEvent(string Application, string Sync, string Health, string? Revision, string? Operation, DateTimeOffset ReconciledAt)
{
    public static StatusEvent From(ApplicationStatus status) => new(
        status.Application, status.SyncStatus.ToString(), status.Health.Status.ToString(), status.Revision, status.Operation?.Phase.ToString(), status.ReconciledAt);

    /// <summary>What a viewer can see of a status; a reconcile that changes none of it is not worth an event.</summary>
    public static string Fingerprint(ApplicationStatus status) => string.Join('|',
        status.SyncStatus, status.Health, status.Revision, status.Operation?.Id, status.Operation?.Phase, status.History.Count,
        string.Join(';', status.Conditions.Select(c => c.Type + ":" + c.Message)),
        string.Join(';', status.Resources.Select(r => $"{r.Key}={r.Status}/{r.Health}")));
}
