using System.ComponentModel.DataAnnotations;

namespace GitOps.Testing;

/// <summary>Options for <see cref="KubernetesEmulator"/>.</summary>
public sealed class KubernetesEmulatorOptions
{
    /// <summary>The TCP port on 127.0.0.1 to listen on; 0 picks a free port.</summary>
    [Range(0, 65535)]
    public int Port { get; set; }

    /// <summary>
    /// The bearer token clients must send (<c>Authorization: Bearer …</c>); requests without it get 401.
    /// Null or empty turns authentication off.
    /// </summary>
    public string? BearerToken { get; set; }

    /// <summary>Serve HTTPS with a certificate authority and serving certificate generated at start.</summary>
    public bool UseTls { get; set; }

    /// <summary>How many watch events are kept to resume watches from a resource version; older ones answer 410 Gone.</summary>
    [Range(16, 10_000_000)]
    public int WatchHistorySize { get; set; } = 10_000;

    /// <summary>How often a watch that asked for bookmarks gets a BOOKMARK event.</summary>
    public TimeSpan BookmarkInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The Kubernetes version reported by <c>/version</c>.</summary>
    [RegularExpression(@"^v\d+\.\d+\.\d+.*$")]
    public string KubernetesVersion { get; set; } = "v1.33.0";

    /// <summary>Namespaces that exist at start.</summary>
    public IList<string> InitialNamespaces { get; } = ["default", "kube-system", "kube-public", "kube-node-lease"];

    /// <summary>The clock for timestamps; the system clock when null.</summary>
    public TimeProvider? TimeProvider { get; set; }

    /// <summary>How many requests the request log keeps (oldest dropped first); counters are never dropped.</summary>
    [Range(0, 10_000_000)]
    public int RequestLogCapacity { get; set; } = 10_000;

    /// <summary>Where the emulator logs (served requests at Debug, its own failures at Error); nothing is logged when null.</summary>
    public Microsoft.Extensions.Logging.ILoggerFactory? LoggerFactory { get; set; }

    /// <summary>The seed of the generator that decides probabilistic fault rules; null picks a random seed.</summary>
    public int? FaultSeed { get; set; }

    /// <summary>The simulated controllers: on by default, with a small reaction delay and a failure marker for images.</summary>
    public EmulatedControllersOptions Controllers { get; } = new();

    internal void Validate()
    {
        Controllers.Validate();
        var context = new ValidationContext(this);
        Validator.ValidateObject(this, context, validateAllProperties: true);
        if (BookmarkInterval <= TimeSpan.Zero)
        {
            throw new ValidationException($"{nameof(BookmarkInterval)} must be positive.");
        }

        foreach (var name in InitialNamespaces)
        {
            if (name is null || name.Length > 63 || !System.Text.RegularExpressions.Regex.IsMatch(name, "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$"))
            {
                throw new ValidationException($"{nameof(InitialNamespaces)}: \"{name}\" is not a valid namespace name (a lowercase RFC 1123 label).");
            }
        }

        if (BearerToken is { Length: > 0 } token && token.Any(char.IsWhiteSpace))
        {
            throw new ValidationException($"{nameof(BearerToken)} must not contain whitespace.");
        }
    }
}
