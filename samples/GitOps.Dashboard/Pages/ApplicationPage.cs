using System.Globalization;
using System.Text;
using GitOps.Applications;
using GitOps.Comparison;
using GitOps.Dashboard.Resources;
using GitOps.Health;
using GitOps.Reconcile;

namespace GitOps.Dashboard.Pages;

/// <summary>One application: status, actions, conditions, its live resource tree and its deployment history with rollback.</summary>
internal static class ApplicationPage
{
    public static async Task<PageContent> RenderAsync(DashboardContext dashboard, Application app, string csrf, CancellationToken cancellationToken)
    {
        var name = app.QualifiedName;
        var status = await dashboard.Statuses.GetAsync(name, cancellationToken).ConfigureAwait(false);
        var automated = app.Spec.SyncPolicy is { IsAutomated: true };
        var busy = dashboard.Loop.IsOperationRunning(name);
        var html = new StringBuilder();
        html.Append(CultureInfo.InvariantCulture, $"<nav class=\"crumbs\" aria-label=\"Breadcrumb\"><a href=\"/\">Applications</a> <span aria-hidden=\"true\">/</span> <span aria-current=\"page\">{Html.E(name)}</span></nav>");
        html.Append(CultureInfo.InvariantCulture, $"<div class=\"title-row\"><h1>{Html.E(name)}</h1>{Html.SyncBadge(status?.SyncStatus ?? ApplicationSyncStatus.Unknown)} {Html.HealthBadge(status?.Health ?? HealthStatus.Unknown())}{(busy ? " " + Html.RunningBadge() : string.Empty)}</div>");

        html.Append("<div class=\"toolbar\" role=\"group\" aria-label=\"Actions\">");
        html.Append(Html.ActionForm("/app/sync?name=" + Html.Url(name), csrf, busy ? "Syncing…" : "Sync", "primary", "sync-button", "Sync to the target revision now", disabled: busy));
        html.Append(Html.ActionForm("/app/refresh?name=" + Html.Url(name), csrf, "Refresh", "secondary", "refresh-button", "Compare with the cluster again"));
        html.Append(Html.ActionForm("/app/refresh?hard=true&name=" + Html.Url(name), csrf, "Hard refresh", "secondary", "hard-refresh-button", "Render again, bypassing caches"));
        var outOfSync = status?.Resources.Count(r => r.Status != ResourceSyncStatus.Synced) ?? 0;
        if (outOfSync > 0)
        {
            html.Append(CultureInfo.InvariantCulture, $"<a class=\"btn link\" id=\"diff-link\" href=\"{Html.E(Html.DiffUrl(name))}\">View diff ({outOfSync})</a>");
        }

        html.Append("</div>");

        var source = app.Spec.EffectiveSources is [var first, ..] ? first : null;
        html.Append("<dl class=\"facts\">");
        Fact(html, "Repository", Html.E(source?.RepoUrl));
        Fact(html, "Path", Html.E(string.IsNullOrEmpty(source?.Path) ? "." : source.Path));
        Fact(html, "Target revision", Html.E(source?.TargetRevision is { Length: > 0 } t ? t : "HEAD"));
        Fact(html, "Target commit", $"<code>{Html.E(Html.ShortRevision(status?.Revision))}</code>");
        Fact(html, "Deployed commit", $"<code>{Html.E(Html.ShortRevision(status?.History is [.., var last] ? last.Revision : null))}</code>");
        Fact(html, "Destination", Html.E(app.Spec.Destination.Namespace.Length == 0 ? "default" : app.Spec.Destination.Namespace));
        Fact(html, "Sync policy", automated ? "Automated" : "Manual");
        Fact(html, "Last reconciled", status is null ? "not yet" : Html.Time(status.ReconciledAt));
        if (status?.Operation is { } operation)
        {
            Fact(html, "Last operation", $"{Html.PhaseBadge(operation.Phase)} <span class=\"op-message\">{Html.E(operation.Message)}</span> <small>{Html.Time(operation.FinishedAt ?? operation.StartedAt)}</small>");
        }

        html.Append("</dl>");

        if (status is { Conditions.Count: > 0 })
        {
            html.Append("<section aria-labelledby=\"conditions-h\"><h2 id=\"conditions-h\">Conditions</h2><ul class=\"conditions\">");
            foreach (var condition in status.Conditions)
            {
                html.Append(CultureInfo.InvariantCulture, $"<li class=\"{(condition.IsError ? "error" : "warning")}\"><strong>{Html.E(condition.Type)}</strong> {Html.E(condition.Message)}</li>");
            }

            html.Append("</ul></section>");
        }

        html.Append("<section aria-labelledby=\"tree-h\"><h2 id=\"tree-h\">Resources</h2>");
        if (status is null)
        {
            html.Append("<p class=\"empty\">Not reconciled yet.</p>");
        }
        else
        {
            try
            {
                var tree = await new ResourceTreeBuilder(dashboard.Cluster, dashboard.LiveState).BuildAsync(status, cancellationToken).ConfigureAwait(false);
                html.Append(tree.Count == 0 ? "<p class=\"empty\">No resources.</p>" : ResourceTreeView.Render(name, tree));
            }
            catch (Exception e) when (e is HttpRequestException or Cluster.KubernetesApiException)
            {
                html.Append(CultureInfo.InvariantCulture, $"<p class=\"error\">Could not read the cluster: {Html.E(e.Message)}</p>");
            }
        }

        html.Append("</section>");
        html.Append(HistoryView.Render(name, status, automated, busy, csrf));
        return new PageContent("app", name, name, html.ToString());
    }

    private static void Fact(StringBuilder html, string label, string valueHtml) =>
        html.Append(CultureInfo.InvariantCulture, $"<div><dt>{Html.E(label)}</dt><dd>{valueHtml}</dd></div>");
}
