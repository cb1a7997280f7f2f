namespace GitOps.Sources.Git;

/// <summary>
/// A user name and password (or token) for HTTPS Git access. <see cref="ToString"/> never shows the password.
/// </summary>
/// <param name="Username">The user name; for token-based hosts often any non-empty name.</param>
/// <param name="Password">The password or access token.</param>
public sealed record GitCredentials(string Username, string Password)
{
    /// <summary>Shows the user name only.</summary>
    /// <returns>A text safe to log.</returns>
    public override string ToString() => $"GitCredentials {{ Username = {Username}, Password = *** }}";
}
