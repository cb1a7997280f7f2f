using System.Globalization;
using System.Text;
using GitOps.Comparison;
using GitOps.Health;
using GitOps.Reconcile;

namespace GitOps.Dashboard.Pages;

/// <summary>The applications at a glance: counts by sync and health, then one row per application.</summary>
internal static class ApplicationListPage
{
    public static async Task<PageContent> RenderAsync(DashboardContext dashboard, CancellationToken cancellationToken)
    {
        var statuses = (await dashboard.Statuses.ListAsync(cancellationToken).ConfigureAwait(false)).ToDictionary(s => s.Application, StringComparer.Ordinal);
        var apps = dashboard.Loop.Applications.OrderBy(a => a.QualifiedName, StringComparer.Ordinal).ToList();
        var rows = apps.Select(a => (App: a, Status: statuses.GetValueOrDefault(a.QualifiedName))).ToList();

        var html = new StringBuilder();
        html.Append("<h1>Applications</h1>");
        html.Append("<section class=\"summary\" aria-label=\"Summary\">");
        Count(html, "Applications", rows.Count, "total");
        foreach (var sync in new[] { ApplicationSyncStatus.Synced, ApplicationSyncStatus.OutOfSync, ApplicationSyncStatus.Unknown })
        {
            Count(html, sync.ToString(), rows.Count(r => (r.Status?.SyncStatus ?? ApplicationSyncStatus.Unknown) == sync), "sync-" + sync.ToString().ToLowerInvariant());
        }

        foreach (var health in new[] { HealthStatusCode.Healthy, HealthStatusCode.Progressing, HealthStatusCode.Degraded, HealthStatusCode.Missing })
        {
            Count(html, health.ToString(), rows.Count(r => (r.Status?.Health.Status ?? HealthStatusCode.Unknown) == health), "health-" + health.ToString().ToLowerInvariant());
        }

        html.Append("</section>");
        if (rows.Count == 0)
        {
            html.Append("<p class=\"empty\">No applications yet. Add some to the reconcile loop.</p>");
            return new PageContent("list", null, "Applications", html.ToString());
        }

        html.Append("""
            <table class="apps">
            <thead><tr><th scope="col">Name</th><th scope="col">Sync</th><th scope="col">Health</th><th scope="col">Revision</th><th scope="col">Source</th><th scope="col">Last reconciled</th></tr></thead>
            <tbody>
            """);
        foreach (var (app, status) in rows)
        {
            var source = app.Spec.EffectiveSources is [var first, ..] ? first : null;
            html.Append(CultureInfo.InvariantCulture, $"<tr data-app=\"{Html.E(app.QualifiedName)}\">");
            html.Append(CultureInfo.InvariantCulture, $"<th scope=\"row\"><a class=\"app-link\" href=\"{Html.E(Html.AppUrl(app.QualifiedName))}\">{Html.E(app.QualifiedName)}</a>");
            if (status?.Conditions.Any(c => c.IsError) == true)
            {
                html.Append(" <span class=\"flag error\" title=\"Has errors\">error</span>");
            }

            html.Append("</th>");
            var running = dashboard.Loop.IsOperationRunning(app.QualifiedName) ? " " + Html.RunningBadge() : string.Empty;
            html.Append(CultureInfo.InvariantCulture, $"<td>{Html.SyncBadge(status?.SyncStatus ?? ApplicationSyncStatus.Unknown)}{running}</td>");
            html.Append(CultureInfo.InvariantCulture, $"<td>{Html.HealthBadge(status?.Health ?? HealthStatus.Unknown())}</td>");
            html.Append(CultureInfo.InvariantCulture, $"<td><code>{Html.E(Html.ShortRevision(status?.Revision))}</code></td>");
            html.Append(CultureInfo.InvariantCulture, $"<td class=\"source\">{Html.E(source?.RepoUrl)}{(string.IsNullOrEmpty(source?.Path) ? string.Empty : " · " + Html.E(source.Path))}</td>");
            html.Append(CultureInfo.InvariantCulture, $"<td>{(status is null ? "not yet" : Html.Time(status.ReconciledAt))}</td>");
            html.Append("</tr>");
        }

        html.Append("</tbody></table>");
        return new PageContent("list", null, "Applications", html.ToString());
    }

    private static void Count(StringBuilder html, string label, int count, string css) =>
        html.Append(CultureInfo.InvariantCulture, $"<div class=\"count {css}{(count == 0 ? " zero" : string.Empty)}\"><span class=\"n\">{count}</span><span class=\"label\">{Html.E(label)}</span></div>");
}
