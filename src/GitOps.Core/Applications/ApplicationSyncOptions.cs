using GitOps.Apply;
using GitOps.Cluster;
using GitOps.Sync;

namespace GitOps.Applications;

/// <summary>
/// An application's sync options (<c>spec.syncPolicy.syncOptions</c> and <c>automated.prune</c>) turned into the sync
/// engine's <see cref="SyncOptions"/>, plus the options the engine does not carry itself.
/// </summary>
/// <remarks>
/// Recognised options: <c>Prune=false|true|confirm</c>, <c>PruneLast=true</c>, <c>PrunePropagationPolicy=foreground|background|orphan</c>,
/// <c>CreateNamespace=true</c>, <c>ApplyOutOfSyncOnly=true</c>, <c>ServerSideApply=true|false</c> (false means client-side apply),
/// <c>Replace=true</c> (wins over server-side apply), <c>Force=true</c> (re-create objects whose immutable fields changed),
/// <c>RespectIgnoreDifferences=true</c>, <c>FailOnSharedResource=true</c>, <c>SkipDryRunOnMissingResource=true</c>,
/// <c>ClientSideApplyMigration=false</c> and <c>Validate=false</c> (kept, with a warning: the server always validates a
/// server-side apply). <c>Delete=false|confirm</c> concerns deleting the application and is reported as not supported.
/// Anything else is reported as unknown. Keys are case-sensitive as in Argo CD; values are not.
/// </remarks>
public sealed record ApplicationSyncOptions
{
    /// <summary>The engine options.</summary>
    public required SyncOptions Options { get; init; }

    /// <summary>Whether <c>ServerSideApply</c> was given, and its value; <see langword="null"/> when not given.</summary>
    public bool? ServerSideApply { get; init; }

    /// <summary>Write objects with replace instead of apply (<c>Replace=true</c>); wins over server-side apply.</summary>
    public bool Replace { get; init; }

    /// <summary>Keep live values of ignored fields when applying (<c>RespectIgnoreDifferences=true</c>).</summary>
    public bool RespectIgnoreDifferences { get; init; }

    /// <summary>Fail when an object is tracked by another application (<c>FailOnSharedResource=true</c>).</summary>
    public bool FailOnSharedResource { get; init; }

    /// <summary>Skip the dry run of objects whose kind the cluster does not know yet (<c>SkipDryRunOnMissingResource=true</c>).</summary>
    public bool SkipDryRunOnMissingResource { get; init; }

    /// <summary>Whether objects are validated (<c>Validate=false</c> turns it off). Default <see langword="true"/>.</summary>
    public bool Validate { get; init; } = true;

    /// <summary>Whether fields of client-side apply move to the server-side manager (<c>ClientSideApplyMigration=false</c> turns it off).</summary>
    public bool ClientSideApplyMigration { get; init; } = true;

    /// <summary>Unknown, unsupported or malformed options, naming the list item.</summary>
    public IReadOnlyList<ApplicationDiagnostic> Diagnostics { get; init; } = [];

    /// <summary>Maps an application's sync policy; <c>automated.prune</c> turns pruning on when automated sync is enabled.</summary>
    /// <param name="application">The application.</param>
    /// <param name="defaults">The options to start from; the engine defaults when <see langword="null"/>.</param>
    public static ApplicationSyncOptions From(Application application, SyncOptions? defaults = null)
    {
        ArgumentNullException.ThrowIfNull(application);
        var policy = application.Spec.SyncPolicy;
        var start = defaults ?? new SyncOptions();
        if (policy is { IsAutomated: true, Automated.Prune: true })
        {
            start = start with { Prune = PruneMode.On };
        }

        var result = Parse(policy?.SyncOptions ?? [], start);
        return result with
        {
            Diagnostics = [.. result.Diagnostics.Select(d => d with { Location = application.Location, Application = application.QualifiedName })],
        };
    }

    /// <summary>Maps a list of sync option strings.</summary>
    /// <param name="options">The options, such as <c>CreateNamespace=true</c>.</param>
    /// <param name="defaults">The options to start from; the engine defaults when <see langword="null"/>.</param>
    /// <param name="field">The field path used in diagnostics.</param>
    public static ApplicationSyncOptions Parse(IEnumerable<string> options, SyncOptions? defaults = null, string field = "spec.syncPolicy.syncOptions")
    {
        ArgumentNullException.ThrowIfNull(options);
        var sync = defaults ?? new SyncOptions();
        var result = new ApplicationSyncOptions { Options = sync };
        var diagnostics = new List<ApplicationDiagnostic>();
        var index = -1;
        foreach (var option in options)
        {
            index++;
            var at = $"{field}[{index}]";
            var equals = option.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                diagnostics.Add(Warn(at, $"sync option '{option}' is not of the form Key=value; ignored"));
                continue;
            }

            var key = option[..equals].Trim();
            var value = option[(equals + 1)..].Trim().ToLowerInvariant();
            bool Is(string expected) => value == expected;
            void Bad(string allowed) => diagnostics.Add(Warn(at, $"sync option {key} has the value '{option[(equals + 1)..]}', expected {allowed}; ignored"));

            if (BoolOptions.TryGetValue(key, out var apply))
            {
                if (IsBool(value, out var on))
                {
                    (sync, result) = apply(sync, result, on);
                }
                else
                {
                    Bad("true or false");
                }

                continue;
            }

            switch (key)
            {
                case "Prune":
                    if (Is("false")) { sync = sync with { Prune = PruneMode.Off }; }
                    else if (Is("true")) { sync = sync with { Prune = PruneMode.On }; }
                    else if (Is("confirm")) { sync = sync with { Prune = PruneMode.Confirm }; }
                    else { Bad("false, true or confirm"); }
                    break;
                case "PrunePropagationPolicy":
                    if (Is("foreground")) { sync = sync with { PrunePropagation = PropagationPolicy.Foreground }; }
                    else if (Is("background")) { sync = sync with { PrunePropagation = PropagationPolicy.Background }; }
                    else if (Is("orphan")) { sync = sync with { PrunePropagation = PropagationPolicy.Orphan }; }
                    else { Bad("foreground, background or orphan"); }
                    break;
                case "Validate":
                    if (IsBool(value, out var validate))
                    {
                        result = result with { Validate = validate };
                        if (!validate)
                        {
                            diagnostics.Add(Warn(at, "Validate=false has no effect on server-side apply, which the API server always validates"));
                        }
                    }
                    else
                    {
                        Bad("true or false");
                    }

                    break;
                case "Delete":
                    diagnostics.Add(Warn(at, $"sync option {option} concerns deleting the application, which this SDK does not manage; ignored"));
                    break;
                default:
                    var hint = Known.FirstOrDefault(k => string.Equals(k, key, StringComparison.OrdinalIgnoreCase));
                    diagnostics.Add(Warn(at, hint is null
                        ? $"unknown sync option '{option}'; ignored"
                        : $"unknown sync option '{option}' (option names are case-sensitive: did you mean {hint}?); ignored"));
                    break;
            }
        }

        if (result.Replace)
        {
            sync = sync with { Strategy = ApplyStrategy.Replace };
        }
        else if (result.ServerSideApply is { } ssaOn)
        {
            sync = sync with { Strategy = ssaOn ? ApplyStrategy.ServerSide : ApplyStrategy.ClientSide };
        }

        return result with { Options = sync, Diagnostics = diagnostics };
    }

    // Options that take true or false, and what each sets.
    private static readonly Dictionary<string, Func<SyncOptions, ApplicationSyncOptions, bool, (SyncOptions, ApplicationSyncOptions)>> BoolOptions =
        new(StringComparer.Ordinal)
        {
            ["PruneLast"] = (s, r, on) => (s with { PruneLast = on }, r),
            ["CreateNamespace"] = (s, r, on) => (s with { CreateNamespace = on }, r),
            ["ApplyOutOfSyncOnly"] = (s, r, on) => (s with { ApplyOutOfSyncOnly = on }, r),
            ["Force"] = (s, r, on) => (s with { RecreateOnImmutableChange = on }, r),
            ["ServerSideApply"] = (s, r, on) => (s, r with { ServerSideApply = on }),
            ["Replace"] = (s, r, on) => (s, r with { Replace = on }),
            ["RespectIgnoreDifferences"] = (s, r, on) => (s, r with { RespectIgnoreDifferences = on }),
            ["FailOnSharedResource"] = (s, r, on) => (s, r with { FailOnSharedResource = on }),
            ["SkipDryRunOnMissingResource"] = (s, r, on) => (s, r with { SkipDryRunOnMissingResource = on }),
            ["ClientSideApplyMigration"] = (s, r, on) => (s, r with { ClientSideApplyMigration = on }),
        };

    private static readonly string[] Known =
        [.. BoolOptions.Keys, "Prune", "PrunePropagationPolicy", "Validate", "Delete"];

    private static bool IsBool(string value, out bool result)
    {
        result = value == "true";
        return value is "true" or "false";
    }

    private static ApplicationDiagnostic Warn(string field, string message) =>
        new(ApplicationDiagnosticSeverity.Warning, field, message);
}
