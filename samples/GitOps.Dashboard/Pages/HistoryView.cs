using System.Globalization;
using System.Text;
using GitOps.Reconcile;

namespace GitOps.Dashboard.Pages;

/// <summary>The deployment history, newest first, with a rollback button per earlier entry.</summary>
internal static class HistoryView
{
    public static string Render(string application, ApplicationStatus? status, bool automated, bool busy, string csrf)
    {
        var html = new StringBuilder("<section aria-labelledby=\"history-h\"><h2 id=\"history-h\">History</h2>");
        var history = status?.History ?? [];
        if (history.Count == 0)
        {
            return html.Append("<p class=\"empty\">Nothing deployed yet.</p></section>").ToString();
        }

        if (automated)
        {
            html.Append("<p class=\"hint\">Rollback is off while automated sync is on: it would move the application forward again.</p>");
        }

        html.Append("<table class=\"history\"><thead><tr><th scope=\"col\">ID</th><th scope=\"col\">Revision</th><th scope=\"col\">Deployed</th><th scope=\"col\">Summary</th><th scope=\"col\"><span class=\"sr-only\">Action</span></th></tr></thead><tbody>");
        var current = history[^1].Id;
        foreach (var entry in history.Reverse())
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr data-history=\"{entry.Id}\"><td>{entry.Id}</td><td><code title=\"{Html.E(entry.Revision)}\">{Html.E(Html.ShortRevision(entry.Revision))}</code></td>");
            html.Append(CultureInfo.InvariantCulture, $"<td>{Html.Time(entry.FinishedAt)}</td><td>{Html.E(entry.Summary)}</td><td>");
            if (entry.Id == current)
            {
                html.Append("<span class=\"current\">current</span>");
            }
            else
            {
                html.Append(Html.ActionForm($"/app/rollback?name={Html.Url(application)}&id={entry.Id}", csrf, $"Rollback to {Html.ShortRevision(entry.Revision)}", "secondary",
                    $"rollback-{entry.Id}", automated ? "Turn automated sync off to roll back" : null, disabled: automated || busy,
                    ariaLabel: $"Rollback to {Html.ShortRevision(entry.Revision)} (history entry {entry.Id})"));
            }

            html.Append("</td></tr>");
        }

        return html.Append("</tbody></table></section>").ToString();
    }
}
