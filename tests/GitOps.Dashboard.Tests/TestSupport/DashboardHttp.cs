using System.Net;
using System.Text.RegularExpressions;

namespace GitOps.Dashboard.Tests.TestSupport;

/// <summary>Plain HTTP access to a dashboard as a browser would have it: cookies kept, redirects not followed, anti-forgery tokens read from pages.</summary>
internal static partial class DashboardHttp
{
    public static HttpClient Client(Uri baseAddress, CookieContainer? cookies = null) =>
        new(new HttpClientHandler { CookieContainer = cookies ?? new CookieContainer(), UseCookies = true, AllowAutoRedirect = false }) { BaseAddress = baseAddress };

    /// <summary>Visits a page (which sets the anti-forgery cookie) and returns the request token from its meta tag.</summary>
    public static async Task<string> CsrfTokenAsync(HttpClient client, string path = "/")
    {
        var html = await client.GetStringAsync(path);
        return CsrfMeta().Match(html) is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value) : throw new AssertionException("no csrf-token meta in " + path);
    }

    /// <summary>An action POST as the page's script sends it.</summary>
    public static HttpRequestMessage Action(string path, string csrf)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent([]) };
        request.Headers.Add("X-CSRF-TOKEN", csrf);
        request.Headers.Add("X-Requested-With", "fetch");
        return request;
    }

    [GeneratedRegex("""<meta name="csrf-token" content="([^"]*)">""")]
    private static partial Regex CsrfMeta();
}
