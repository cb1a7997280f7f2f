using GitOps.Globbing;

namespace GitOps.Applications.SyncWindows;

/// <summary>
/// A period when syncs are allowed or blocked (Argo CD's AppProject <c>spec.syncWindows</c> item): it opens whenever
/// <see cref="Schedule"/> fires, in <see cref="TimeZone"/>, and stays open for <see cref="Duration"/>. It concerns the
/// applications whose name, destination namespace or destination cluster (name or server) match its globs.
/// </summary>
public sealed record SyncWindow
{
    private readonly IReadOnlyList<string> _applications = [];
    private readonly IReadOnlyList<string> _namespaces = [];
    private readonly IReadOnlyList<string> _clusters = [];

    /// <summary>Allow or deny.</summary>
    public required SyncWindowKind Kind { get; init; }

    /// <summary>When the window opens.</summary>
    public required CronSchedule Schedule { get; init; }

    /// <summary>How long it stays open.</summary>
    public required TimeSpan Duration { get; init; }

    /// <summary>Application-name globs (<c>*</c> matches any run of characters).</summary>
    public IReadOnlyList<string> Applications
    {
        get => _applications;
        init => (_applications, ApplicationPatterns) = Compile(value);
    }

    /// <summary>Destination-namespace globs.</summary>
    public IReadOnlyList<string> Namespaces
    {
        get => _namespaces;
        init => (_namespaces, NamespacePatterns) = Compile(value);
    }

    /// <summary>Destination-cluster globs, matched against the destination's name and server.</summary>
    public IReadOnlyList<string> Clusters
    {
        get => _clusters;
        init => (_clusters, ClusterPatterns) = Compile(value);
    }

    /// <summary>Whether manual syncs may run when this window would block them.</summary>
    public bool ManualSync { get; init; }

    /// <summary>The time zone of <see cref="Schedule"/>. Default UTC.</summary>
    public TimeZoneInfo TimeZone { get; init; } = TimeZoneInfo.Utc;

    /// <summary>
    /// Whether an application must match every selector given (applications, namespaces, clusters) rather than any
    /// one of them (<c>andOperator</c>).
    /// </summary>
    public bool UseAndOperator { get; init; }

    /// <summary>A description for people, or <see langword="null"/>.</summary>
    public string? Description { get; init; }

    internal IReadOnlyList<GlobPattern> ApplicationPatterns { get; private init; } = [];

    internal IReadOnlyList<GlobPattern> NamespacePatterns { get; private init; } = [];

    internal IReadOnlyList<GlobPattern> ClusterPatterns { get; private init; } = [];

    /// <summary>Creates a window from the strings Argo CD's manifests use.</summary>
    /// <param name="kind"><c>allow</c> or <c>deny</c>.</param>
    /// <param name="schedule">A five-field cron expression.</param>
    /// <param name="duration">A Go duration such as <c>1h</c> or <c>90m</c>.</param>
    /// <param name="timeZone">An IANA time-zone id such as <c>Europe/Berlin</c>; UTC when null or empty.</param>
    /// <exception cref="FormatException">A value is invalid; the message names the field.</exception>
    public static SyncWindow Create(string kind, string schedule, string duration, string? timeZone = null)
    {
        ArgumentNullException.ThrowIfNull(kind);
        ArgumentNullException.ThrowIfNull(schedule);
        ArgumentNullException.ThrowIfNull(duration);
        var parsedKind = kind switch
        {
            "allow" => SyncWindowKind.Allow,
            "deny" => SyncWindowKind.Deny,
            _ => throw new FormatException($"sync window kind '{kind}' is invalid: use allow or deny"),
        };
        if (!CronSchedule.TryParse(schedule, out var cron, out var cronError))
        {
            throw new FormatException($"sync window schedule: {cronError}");
        }

        if (!GoDuration.TryParse(duration, out var span, out var durationError))
        {
            throw new FormatException($"sync window duration: {durationError}");
        }

        if (span <= TimeSpan.Zero)
        {
            throw new FormatException($"sync window duration '{duration}' must be positive");
        }

        return new SyncWindow { Kind = parsedKind, Schedule = cron, Duration = span, TimeZone = FindTimeZone(timeZone) };
    }

    /// <summary>Finds a time zone by IANA id; UTC for null or empty.</summary>
    /// <param name="id">The id, such as <c>America/New_York</c>.</param>
    /// <exception cref="FormatException">The time zone is not known on this system.</exception>
    public static TimeZoneInfo FindTimeZone(string? id)
    {
        if (string.IsNullOrEmpty(id) || id == "UTC")
        {
            return TimeZoneInfo.Utc;
        }

        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            throw new FormatException($"sync window time zone '{id}' is not a known IANA time zone", e);
        }
    }

    /// <summary>Whether the window concerns an application.</summary>
    /// <param name="application">The application.</param>
    public bool Matches(Application application)
    {
        ArgumentNullException.ThrowIfNull(application);
        var destination = application.Spec.Destination;
        bool? apps = ApplicationPatterns.Count == 0 ? null : ApplicationPatterns.Any(p => p.IsMatch(application.Name));
        bool? namespaces = NamespacePatterns.Count == 0 ? null : NamespacePatterns.Any(p => p.IsMatch(destination.Namespace));
        bool? clusters = ClusterPatterns.Count == 0
            ? null
            : ClusterPatterns.Any(p => (destination.Name is { } n && p.IsMatch(n)) || (destination.Server is { } s && p.IsMatch(s)));
        bool?[] selectors = [apps, namespaces, clusters];
        var given = selectors.Where(s => s is not null).Select(s => s!.Value).ToList();
        return given.Count > 0 && (UseAndOperator ? given.All(m => m) : given.Any(m => m));
    }

    /// <summary>Whether the window is open at an instant: some opening <c>s</c> has <c>s ≤ at &lt; s + Duration</c>.</summary>
    /// <param name="at">The instant.</param>
    public bool IsActive(DateTimeOffset at) =>
        Duration > TimeSpan.Zero && Schedule.Next(at - Duration, TimeZone) is { } start && start <= at;

    /// <summary>
    /// The end of the open period that contains an instant, joining openings that overlap or touch, or
    /// <see langword="null"/> when the window is not open then or stays open beyond <paramref name="limit"/>.
    /// </summary>
    /// <param name="at">An instant when the window is open.</param>
    /// <param name="limit">How far to look.</param>
    public DateTimeOffset? ActiveUntil(DateTimeOffset at, DateTimeOffset limit)
    {
        var end = at;
        while (end <= limit)
        {
            var start = Schedule.Next(end - Duration, TimeZone);
            if (start is null || start > end)
            {
                return end == at ? null : end;
            }

            var last = start.Value;
            while (Schedule.Next(last, TimeZone) is { } next && next <= end)
            {
                last = next;
            }

            end = last + Duration;
        }

        return null;
    }

    private static (IReadOnlyList<string>, IReadOnlyList<GlobPattern>) Compile(IReadOnlyList<string> globs)
    {
        ArgumentNullException.ThrowIfNull(globs);
        return (globs, globs.Select(GlobPattern.Parse).ToList());
    }
}
