namespace GitOps.Cli.Hosting;

/// <summary>Where a command writes: results to standard output, progress and errors to standard error.</summary>
/// <param name="Output">Results (manifests, diffs, tables), for pipes.</param>
/// <param name="Error">Progress, warnings and errors.</param>
/// <param name="Color">Whether to colour results: only when standard output is a terminal and NO_COLOR is unset.</param>
internal sealed record CliConsole(TextWriter Output, TextWriter Error, bool Color)
{
    /// <summary>Colour on a terminal only, and never when NO_COLOR is set to anything (https://no-color.org).</summary>
    public static bool ShouldColor(bool outputRedirected, string? noColor) => !outputRedirected && string.IsNullOrEmpty(noColor);

    /// <summary>Values that must never be printed (tokens); errors are scrubbed of them.</summary>
    public HashSet<string> Secrets { get; } = new(StringComparer.Ordinal);

    /// <summary>Replaces every secret in <paramref name="text"/> with a mask.</summary>
    public string Redact(string text) => Secrets.Aggregate(text, (current, secret) => current.Replace(secret, "***", StringComparison.Ordinal));

    /// <summary>Writes a progress line to standard error, so that standard output stays clean for pipes.</summary>
    public async Task ProgressAsync(string line) => await Error.WriteLineAsync(line);

    /// <summary>Wraps text in an ANSI colour when colour is on.</summary>
    public string Paint(string text, AnsiColor color) => Color && color != AnsiColor.None ? $"\u001b[{(int)color}m{text}\u001b[0m" : text;
}
