using GitOps.Cli.Hosting;
using GitOps.Manifests;

namespace GitOps.Cli.Output;

/// <summary>Prints per-resource unified diffs with a header naming the resource, coloured on a terminal.</summary>
internal static class DiffPrinter
{
    public static string Name(ResourceKey key)
    {
        var kind = key.Group.Length == 0 ? key.Kind : $"{key.Kind}.{key.Group}";
        return key.Namespace.Length == 0 ? $"{kind} {key.Name}" : $"{kind} {key.Namespace}/{key.Name}";
    }

    /// <summary>Writes one resource's diff; <paramref name="sides"/> renames the <c>---</c>/<c>+++</c> headers (live and desired by default).</summary>
    public static async Task WriteAsync(CliConsole console, ResourceKey key, string label, string unifiedDiff, (string From, string To)? sides = null)
    {
        await console.Output.WriteLineAsync(console.Paint($"===== {Name(key)} ({label}) =====", AnsiColor.Cyan));
        foreach (var line in unifiedDiff.Split('\n'))
        {
            if (line.Length == 0)
            {
                continue;
            }

            var text = sides is { } names && line.StartsWith("--- ", StringComparison.Ordinal) ? "--- " + names.From
                : sides is { } again && line.StartsWith("+++ ", StringComparison.Ordinal) ? "+++ " + again.To
                : line;
            var color = line switch
            {
                _ when line.StartsWith("+++", StringComparison.Ordinal) || line.StartsWith("---", StringComparison.Ordinal) => AnsiColor.Gray,
                _ when line.StartsWith('+') => AnsiColor.Green,
                _ when line.StartsWith('-') => AnsiColor.Red,
                _ when line.StartsWith("@@", StringComparison.Ordinal) => AnsiColor.Cyan,
                _ => AnsiColor.None,
            };
            await console.Output.WriteLineAsync(console.Paint(text, color));
        }

        await console.Output.WriteLineAsync();
    }
}
