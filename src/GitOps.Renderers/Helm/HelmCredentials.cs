namespace GitOps.Renderers.Helm;

/// <summary>A user name and password (or token) for a chart repository. Never shown in messages.</summary>
/// <param name="Username">The user name.</param>
/// <param name="Password">The password or token.</param>
public sealed record HelmCredentials(string Username, string Password)
{
    /// <inheritdoc />
    public override string ToString() => $"HelmCredentials {{ Username = {Username}, Password = *** }}";
}
