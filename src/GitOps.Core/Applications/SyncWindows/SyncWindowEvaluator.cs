namespace GitOps.Applications.SyncWindows;

/// <summary>
/// Decides whether sync windows let an application sync, with Argo CD's rules: with no matching window every sync is
/// allowed; an open deny window blocks syncs (manual ones too, unless every open deny window has
/// <see cref="SyncWindow.ManualSync"/>); otherwise an open allow window allows them; otherwise, when the application
/// has allow windows and none is open, syncs are blocked (manual ones allowed when every such window has
/// <see cref="SyncWindow.ManualSync"/>).
/// </summary>
public sealed class SyncWindowEvaluator
{
    /// <summary>The default for how far ahead the next allowed time is searched: 31 days.</summary>
    public static readonly TimeSpan DefaultSearchHorizon = TimeSpan.FromDays(31);

    private readonly TimeProvider _timeProvider;

    /// <summary>Creates an evaluator.</summary>
    /// <param name="windows">The windows (an AppProject's <c>spec.syncWindows</c>).</param>
    /// <param name="timeProvider">The clock; the system clock when <see langword="null"/>.</param>
    /// <param name="searchHorizon">How far ahead the next allowed time is searched; <see cref="DefaultSearchHorizon"/> when <see langword="null"/>.</param>
    public SyncWindowEvaluator(IEnumerable<SyncWindow> windows, TimeProvider? timeProvider = null, TimeSpan? searchHorizon = null)
    {
        ArgumentNullException.ThrowIfNull(windows);
        Windows = [.. windows];
        _timeProvider = timeProvider ?? TimeProvider.System;
        SearchHorizon = searchHorizon ?? DefaultSearchHorizon;
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(SearchHorizon, TimeSpan.Zero, nameof(searchHorizon));
    }

    /// <summary>The windows.</summary>
    public IReadOnlyList<SyncWindow> Windows { get; }

    /// <summary>How far ahead the next allowed time is searched.</summary>
    public TimeSpan SearchHorizon { get; }

    /// <summary>Evaluates the windows for an application now.</summary>
    /// <param name="application">The application.</param>
    public SyncWindowDecision Evaluate(Application application) => Evaluate(application, _timeProvider.GetUtcNow());

    /// <summary>Evaluates the windows for an application at an instant.</summary>
    /// <param name="application">The application.</param>
    /// <param name="at">The instant.</param>
    public SyncWindowDecision Evaluate(Application application, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(application);
        var matching = Windows.Where(w => w.Matches(application)).ToList();
        var automated = CanSync(matching, at, manual: false);
        var manual = CanSync(matching, at, manual: true);
        return new SyncWindowDecision
        {
            At = at,
            AutomatedSyncAllowed = automated,
            ManualSyncAllowed = manual,
            MatchingWindows = matching,
            ActiveWindows = [.. matching.Where(w => w.IsActive(at))],
            NextAutomatedSyncAllowedAt = automated ? at : NextAllowed(matching, at, manual: false),
            NextManualSyncAllowedAt = manual ? at : NextAllowed(matching, at, manual: true),
        };
    }

    /// <summary>Whether a sync may start now.</summary>
    /// <param name="application">The application.</param>
    /// <param name="manual">Whether the sync was asked for by a person rather than by automated sync.</param>
    public bool CanSync(Application application, bool manual)
    {
        ArgumentNullException.ThrowIfNull(application);
        return CanSync([.. Windows.Where(w => w.Matches(application))], _timeProvider.GetUtcNow(), manual);
    }

    private static bool CanSync(IReadOnlyList<SyncWindow> matching, DateTimeOffset at, bool manual)
    {
        if (matching.Count == 0)
        {
            return true;
        }

        var active = matching.Where(w => w.IsActive(at)).ToList();
        var activeDenies = active.Where(w => w.Kind == SyncWindowKind.Deny).ToList();
        if (activeDenies.Count > 0)
        {
            return manual && activeDenies.All(w => w.ManualSync);
        }

        if (active.Any(w => w.Kind == SyncWindowKind.Allow))
        {
            return true;
        }

        var inactiveAllows = matching.Where(w => w.Kind == SyncWindowKind.Allow).ToList();
        return inactiveAllows.Count == 0 || (manual && inactiveAllows.All(w => w.ManualSync));
    }

    private DateTimeOffset? NextAllowed(IReadOnlyList<SyncWindow> matching, DateTimeOffset from, bool manual)
    {
        var limit = from + SearchHorizon;
        var t = from;
        while (t <= limit)
        {
            // The answer can change only where an open deny closes or an allow opens.
            DateTimeOffset? candidate = null;
            foreach (var window in matching)
            {
                DateTimeOffset? next = window.Kind == SyncWindowKind.Deny
                    ? window.IsActive(t) ? window.ActiveUntil(t, limit) : null
                    : window.Schedule.Next(t, window.TimeZone);
                if (next > t && (candidate is null || next < candidate))
                {
                    candidate = next;
                }
            }

            if (candidate is null || candidate > limit)
            {
                return null;
            }

            t = candidate.Value;
            if (CanSync(matching, t, manual))
            {
                return t;
            }
        }

        return null;
    }
}
