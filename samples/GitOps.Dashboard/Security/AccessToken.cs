using System.Security.Cryptography;
using System.Text;

namespace GitOps.Dashboard.Security;

/// <summary>Checks the dashboard's access token and derives the session cookie from it (the cookie never holds the token).</summary>
internal sealed class AccessToken
{
    public const string CookieName = "gitops-dashboard-session";

    private readonly byte[] _token;
    private readonly string _session;

    public AccessToken(string token)
    {
        _token = Encoding.UTF8.GetBytes(token);
        // A per-process salt: sessions end when the dashboard restarts.
        var salt = RandomNumberGenerator.GetBytes(32);
        _session = Convert.ToBase64String(HMACSHA256.HashData(_token, salt)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    public string SessionValue => _session;

    public bool Matches(string? candidate) =>
        candidate is not null && CryptographicOperations.FixedTimeEquals(_token, Encoding.UTF8.GetBytes(candidate));

    public bool MatchesSession(string? cookie) =>
        cookie is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(_session), Encoding.UTF8.GetBytes(cookie));
}
