namespace GitOps.Dashboard;

/// <summary>Settings of the dashboard's web server. Validated by <see cref="DashboardServer.StartAsync"/>.</summary>
public sealed class DashboardOptions
{
    /// <summary>The address to listen on: an IP address or <c>localhost</c>. Loopback by default; any other needs <see cref="Token"/>.</summary>
    public string Address { get; set; } = "127.0.0.1";

    /// <summary>The TCP port; 0 takes a free one (read the chosen one from <see cref="DashboardServer.Url"/>).</summary>
    public int Port { get; set; }

    /// <summary>
    /// The access token. When set, every page and action needs it, as <c>Authorization: Bearer</c> or through the
    /// login page (which sets a session cookie). Required when <see cref="Address"/> is not loopback. At least
    /// <see cref="MinimumTokenLength"/> characters.
    /// </summary>
    public string? Token { get; set; }

    /// <summary>The name shown in the page header and title.</summary>
    public string Title { get; set; } = "GitOps .NET";

    /// <summary>How long stopping waits for open requests (a running sync is cancelled after it).</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The shortest token accepted.</summary>
    public const int MinimumTokenLength = 16;
}
