using System.CommandLine;
using GitOps.Applications;

namespace GitOps.Cli.Options;

/// <summary>The <c>--timeout DURATION</c> flag, in Go's duration syntax (<c>90s</c>, <c>5m</c>, <c>1h30m</c>).</summary>
internal static class TimeoutOption
{
    public static Option<TimeSpan> Create(TimeSpan fallback) => new("--timeout")
    {
        Description = $"How long the sync and the wait for health may take, such as 90s or 5m (default {GoDuration.Format(fallback)}).",
        DefaultValueFactory = _ => fallback,
        CustomParser = result =>
        {
            var text = result.Tokens.Count == 0 ? string.Empty : result.Tokens[0].Value;
            if (GoDuration.TryParse(text, out var value, out var error) && value > TimeSpan.Zero)
            {
                return value;
            }

            result.AddError($"--timeout '{text}' is not a positive duration such as 90s or 5m{(error is null ? string.Empty : $": {error}")}.");
            return default;
        },
    };
}
