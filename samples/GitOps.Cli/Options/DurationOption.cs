using System.CommandLine;
using GitOps.Applications;

namespace GitOps.Cli.Options;

/// <summary>Flags taking a duration in Go's syntax (<c>90s</c>, <c>5m</c>, <c>1h30m</c>), as Argo CD's and kubectl's do.</summary>
internal static class DurationOption
{
    /// <summary>The <c>--timeout</c> of operations.</summary>
    public static Option<TimeSpan> Timeout(TimeSpan fallback) =>
        Create("--timeout", $"How long the sync and the wait for health may take, such as 90s or 5m.", fallback, TimeSpan.FromMilliseconds(1));

    public static Option<TimeSpan> Create(string name, string description, TimeSpan fallback, TimeSpan minimum) => new(name)
    {
        Description = description,
        DefaultValueFactory = _ => fallback,
        CustomParser = result =>
        {
            var text = result.Tokens.Count == 0 ? string.Empty : result.Tokens[0].Value;
            if (GoDuration.TryParse(text, out var value, out var error) && value >= minimum)
            {
                return value;
            }

            result.AddError($"{name} '{text}' is not a duration of at least {GoDuration.Format(minimum)}, such as 90s or 5m{(error is null ? string.Empty : $": {error}")}.");
            return default;
        },
    };
}
