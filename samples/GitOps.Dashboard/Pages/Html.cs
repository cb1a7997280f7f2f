using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using GitOps.Comparison;
using GitOps.Health;
using GitOps.Sync;

namespace GitOps.Dashboard.Pages;

/// <summary>Encoding and the small pieces of markup every page uses (badges, times, action forms).</summary>
internal static class Html
{
    // Markup-significant characters are escaped; other text stays readable (the pages are UTF-8).
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    public static string E(string? text) => Encoder.Encode(text ?? string.Empty);

    public static string Url(string? text) => Uri.EscapeDataString(text ?? string.Empty);

    public static string AppUrl(string application) => "/app?name=" + Url(application);

    public static string DiffUrl(string application) => "/app/diff?name=" + Url(application);

    public static string Time(DateTimeOffset? time) =>
        time is { } t && t != default ? E(t.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture)) : "—";

    public static string ShortRevision(string? revision) =>
        string.IsNullOrEmpty(revision) ? "—" : string.Join(", ", revision.Split(',').Select(r => r.Length == 40 ? r[..8] : r));

    public static string SyncBadge(ApplicationSyncStatus status) => Badge("sync", status.ToString(), status switch
    {
        ApplicationSyncStatus.Synced => "✓",
        ApplicationSyncStatus.OutOfSync => "↻",
        _ => "?",
    });

    public static string ResourceSyncBadge(ResourceSyncStatus status) => Badge("sync", status.ToString(), status switch
    {
        ResourceSyncStatus.Synced => "✓",
        ResourceSyncStatus.OutOfSync or ResourceSyncStatus.Missing => "↻",
        ResourceSyncStatus.Extraneous => "+",
        _ => "?",
    });

    public static string HealthBadge(HealthStatus health) =>
        Badge("health", health.Status.ToString(), health.Status switch
        {
            HealthStatusCode.Healthy => "♥",
            HealthStatusCode.Progressing => "◔",
            HealthStatusCode.Degraded => "✕",
            HealthStatusCode.Suspended => "Ⅱ",
            HealthStatusCode.Missing => "∅",
            _ => "?",
        }, health.Message);

    public static string PhaseBadge(OperationPhase phase) => Badge("phase", phase.ToString(), phase switch
    {
        OperationPhase.Succeeded => "✓",
        OperationPhase.Running => "◔",
        _ => "✕",
    });

    /// <summary>Shown while a sync or rollback of the application runs.</summary>
    public static string RunningBadge() => Badge("phase", "Running", "◔").Replace("> Running<", "> Syncing<", StringComparison.Ordinal);

    private static string Badge(string family, string value, string icon, string? title = null)
    {
        var tip = string.IsNullOrEmpty(title) ? string.Empty : $" title=\"{E(title)}\"";
        return $"<span class=\"badge {family} {family}-{value.ToLowerInvariant()}\" data-{family}=\"{E(value)}\"{tip}><span aria-hidden=\"true\">{icon}</span> {E(value)}</span>";
    }

    /// <summary>A POST form with one button; the anti-forgery token rides in a hidden field (and in a header when sent by script).</summary>
    public static string ActionForm(string action, string csrf, string label, string css, string? name = null, string? title = null, bool disabled = false, string? ariaLabel = null)
    {
        var aria = ariaLabel is null ? string.Empty : $" aria-label=\"{E(ariaLabel)}\"";
        var id = name is null ? string.Empty : $" id=\"{E(name)}\"";
        var tip = title is null ? string.Empty : $" title=\"{E(title)}\"";
        var off = disabled ? " disabled" : string.Empty;
        return $"<form method=\"post\" action=\"{E(action)}\" class=\"action\"><input type=\"hidden\" name=\"__RequestVerificationToken\" value=\"{E(csrf)}\">" +
            $"<button type=\"submit\" class=\"btn {css}\"{id}{tip}{aria}{off}>{E(label)}</button></form>";
    }
}
