using System.Globalization;
using System.Text;
using GitOps.Applications;
using GitOps.Comparison;
using GitOps.Manifests;

namespace GitOps.Dashboard.Pages;

/// <summary>
/// The differences between Git and the cluster: one unified diff per resource that is not Synced, computed now by the
/// SDK's differ (Secret data masked there, before it reaches this page).
/// </summary>
internal static class DiffPage
{
    public static string Anchor(ResourceKey key) =>
        "r-" + string.Concat($"{key.Group}-{key.Kind}-{key.Namespace}-{key.Name}".Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '-'));

    public static async Task<PageContent> RenderAsync(DashboardContext dashboard, Application app, string csrf, CancellationToken cancellationToken)
    {
        var name = app.QualifiedName;
        var html = new StringBuilder();
        html.Append(CultureInfo.InvariantCulture, $"<nav class=\"crumbs\" aria-label=\"Breadcrumb\"><a href=\"/\">Applications</a> <span aria-hidden=\"true\">/</span> <a href=\"{Html.E(Html.AppUrl(name))}\">{Html.E(name)}</a> <span aria-hidden=\"true\">/</span> <span aria-current=\"page\">Diff</span></nav>");
        ComparisonResult comparison;
        try
        {
            comparison = await dashboard.Loop.CompareAsync(name, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException and not KeyNotFoundException)
        {
            html.Append(CultureInfo.InvariantCulture, $"<h1>Diff of {Html.E(name)}</h1><p class=\"error\">The comparison failed: {Html.E(e.Message)}</p>");
            return new PageContent("diff", name, "Diff of " + name, html.ToString());
        }

        html.Append(CultureInfo.InvariantCulture, $"<div class=\"title-row\"><h1>Diff of {Html.E(name)}</h1>{Html.SyncBadge(comparison.SyncStatus)}</div>");
        html.Append("<div class=\"toolbar\" role=\"group\" aria-label=\"Actions\">");
        var busy = dashboard.Loop.IsOperationRunning(name);
        html.Append(Html.ActionForm("/app/sync?name=" + Html.Url(name), csrf, busy ? "Syncing…" : "Sync", "primary", "sync-button", "Apply these changes now", disabled: busy));
        html.Append(CultureInfo.InvariantCulture, $"<a class=\"btn link\" href=\"{Html.E(Html.AppUrl(name))}\">Back to the application</a></div>");

        var changed = comparison.Resources.Where(r => r.Status != ResourceSyncStatus.Synced).ToList();
        if (changed.Count == 0)
        {
            html.Append("<p class=\"empty\" id=\"no-diff\">No differences: the cluster matches Git.</p>");
            return new PageContent("diff", name, "Diff of " + name, html.ToString());
        }

        html.Append("<p class=\"hint\">Lines with <code>-</code> are live in the cluster, lines with <code>+</code> are what a sync applies.</p>");
        foreach (var resource in changed)
        {
            var key = resource.Key;
            html.Append(CultureInfo.InvariantCulture, $"<section class=\"diff-block\" id=\"{Html.E(Anchor(key))}\" aria-label=\"{Html.E(key.Kind + " " + key.Name)}\">");
            html.Append(CultureInfo.InvariantCulture, $"<h2><span class=\"kind\">{Html.E(key.Kind)}</span> {Html.E(key.Namespace.Length == 0 ? key.Name : key.Namespace + "/" + key.Name)} {Html.ResourceSyncBadge(resource.Status)}</h2>");
            if (resource.Message is { Length: > 0 } message)
            {
                html.Append(CultureInfo.InvariantCulture, $"<p class=\"hint\">{Html.E(message)}</p>");
            }

            if (resource.Diff is { UnifiedDiff.Length: > 0 } diff)
            {
                html.Append("<pre class=\"diff\" tabindex=\"0\">");
                foreach (var line in diff.UnifiedDiff.TrimEnd('\n').Split('\n'))
                {
                    var css = line.StartsWith("+++", StringComparison.Ordinal) || line.StartsWith("---", StringComparison.Ordinal) ? "file"
                        : line.StartsWith('+') ? "add" : line.StartsWith('-') ? "del" : line.StartsWith("@@", StringComparison.Ordinal) ? "hunk" : "ctx";
                    html.Append(CultureInfo.InvariantCulture, $"<span class=\"{css}\">{Html.E(line)}</span>");
                }

                html.Append("</pre>");
            }
            else
            {
                html.Append(CultureInfo.InvariantCulture, $"<p class=\"hint\">{(resource.Status == ResourceSyncStatus.Extraneous ? "In the cluster but not in Git (a sync with prune deletes it)." : "No textual diff available.")}</p>");
            }

            html.Append("</section>");
        }

        return new PageContent("diff", name, "Diff of " + name, html.ToString());
    }
}
