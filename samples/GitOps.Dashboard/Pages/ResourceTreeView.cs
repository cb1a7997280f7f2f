using System.Globalization;
using System.Text;
using GitOps.Comparison;
using GitOps.Dashboard.Resources;

namespace GitOps.Dashboard.Pages;

/// <summary>The resource tree as nested lists: each node shows kind, name, health and (for managed ones) sync status.</summary>
internal static class ResourceTreeView
{
    public static string Render(string application, IReadOnlyList<ResourceNode> roots)
    {
        var html = new StringBuilder("<ul class=\"tree\">");
        foreach (var node in roots)
        {
            Append(html, application, node);
        }

        return html.Append("</ul>").ToString();
    }

    private static void Append(StringBuilder html, string application, ResourceNode node)
    {
        var key = node.Key;
        html.Append(CultureInfo.InvariantCulture, $"<li><div class=\"node{(node.Exists ? string.Empty : " absent")}\" data-kind=\"{Html.E(key.Kind)}\" data-name=\"{Html.E(key.Name)}\">");
        html.Append(CultureInfo.InvariantCulture, $"<span class=\"kind\">{Html.E(key.Kind)}</span> <span class=\"name\">{Html.E(key.Name)}</span>");
        if (key.Namespace.Length > 0)
        {
            html.Append(CultureInfo.InvariantCulture, $" <span class=\"ns\">{Html.E(key.Namespace)}</span>");
        }

        html.Append("<span class=\"badges\">");
        if (node.Sync is { } sync)
        {
            html.Append(Html.ResourceSyncBadge(sync));
        }

        if (node.Health is { } health)
        {
            html.Append(' ').Append(Html.HealthBadge(health));
        }

        if (node.Sync is { } s && s != ResourceSyncStatus.Synced)
        {
            html.Append(CultureInfo.InvariantCulture, $" <a class=\"diff-link\" href=\"{Html.E(Html.DiffUrl(application))}#{Html.E(DiffPage.Anchor(key))}\">diff</a>");
        }

        html.Append("</span></div>");
        if (node.Children.Count > 0)
        {
            html.Append("<ul>");
            foreach (var child in node.Children)
            {
                Append(html, application, child);
            }

            html.Append("</ul>");
        }

        html.Append("</li>");
    }
}
