using System.Globalization;
using System.Text;

namespace GitOps.Dashboard.Pages;

/// <summary>The frame around every page: header, live indicator, notices, and the main region scripts refresh.</summary>
internal static class Layout
{
    public static string Render(DashboardContext dashboard, PageContent page, string csrf)
    {
        var title = dashboard.Options.Title;
        var html = new StringBuilder();
        html.Append(CultureInfo.InvariantCulture, $"""
            <!doctype html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="csrf-token" content="{Html.E(csrf)}">
            <title>{Html.E(page.Title)} · {Html.E(title)}</title>
            <link rel="icon" href="/assets/favicon.svg" type="image/svg+xml">
            <link rel="stylesheet" href="/assets/dashboard.css">
            <script src="/assets/dashboard.js" defer></script>
            </head>
            <body>
            <a class="skip" href="#main">Skip to content</a>
            <header class="topbar">
            <a class="brand" href="/"><img src="/assets/favicon.svg" alt="" width="22" height="22"> {Html.E(title)}</a>
            <nav aria-label="Main"><a href="/"{(page.Kind == "list" ? " aria-current=\"page\"" : string.Empty)}>Applications</a></nav>
            """);
        // The login page opens no event stream, so it has no live indicator.
        html.Append(page.Kind == "login" ? "<span class=\"live-spacer\"></span>" : "<span id=\"live\" class=\"live\" data-state=\"connecting\" role=\"status\">Connecting…</span>");
        if (!string.IsNullOrEmpty(dashboard.Options.Token) && page.Kind != "login")
        {
            html.Append(Html.ActionForm("/logout", csrf, "Log out", "ghost"));
        }

        html.Append(CultureInfo.InvariantCulture, $"""
            </header>
            <div id="notice" class="notice" role="alert" hidden></div>
            <main id="main" tabindex="-1" data-page="{Html.E(page.Kind)}" data-app="{Html.E(page.Application)}">
            {page.Body}
            </main>
            </body>
            </html>
            """);
        return html.ToString();
    }
}

/// <summary>One rendered page: its kind (list, app, diff, login), the application it shows, its title and main content.</summary>
internal sealed record PageContent(string Kind, string? Application, string Title, string Body);
