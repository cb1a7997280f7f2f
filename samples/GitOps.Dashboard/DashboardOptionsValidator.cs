using System.Net;

namespace GitOps.Dashboard;

/// <summary>Checks <see cref="DashboardOptions"/> and resolves the address to bind.</summary>
internal static class DashboardOptionsValidator
{
    /// <summary>The address to listen on, or an error naming the field.</summary>
    /// <exception cref="ArgumentException">A field is invalid; the message names it.</exception>
    public static IPAddress Validate(DashboardOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        IPAddress address;
        if (string.Equals(options.Address, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            address = IPAddress.Loopback;
        }
        else if (!IPAddress.TryParse(options.Address, out address!))
        {
            throw new ArgumentException($"DashboardOptions.Address: '{options.Address}' is not an IP address or 'localhost'.", nameof(options));
        }

        if (options.Port is < 0 or > 65535)
        {
            throw new ArgumentException($"DashboardOptions.Port: {options.Port} is not a TCP port (0-65535; 0 takes a free one).", nameof(options));
        }

        if (options.Token is { } token && (token.Length < DashboardOptions.MinimumTokenLength || token.Any(char.IsWhiteSpace)))
        {
            throw new ArgumentException(
                $"DashboardOptions.Token: a token needs at least {DashboardOptions.MinimumTokenLength} characters and no white space.", nameof(options));
        }

        if (!IPAddress.IsLoopback(address) && string.IsNullOrEmpty(options.Token))
        {
            throw new ArgumentException(
                $"DashboardOptions.Token: binding {options.Address}, which is reachable beyond this machine, needs an access token; set one or bind 127.0.0.1.",
                nameof(options));
        }

        if (options.ShutdownTimeout < TimeSpan.Zero)
        {
            throw new ArgumentException("DashboardOptions.ShutdownTimeout: must not be negative.", nameof(options));
        }

        return address;
    }
}
