using System.Globalization;
using System.Text.RegularExpressions;
using GitOps.Manifests;
using GitOps.Rendering;

namespace GitOps.Renderers.Tools;

/// <summary>Turns a program's error output into a <see cref="RenderException"/> that names the file and line.</summary>
internal static partial class ToolErrors
{
    private const int MaxMessageLength = 4000;

    /// <summary>Builds the exception for a failed call.</summary>
    /// <param name="tool">The program.</param>
    /// <param name="what">What was being done, such as <c>helm template of 'app'</c>.</param>
    /// <param name="result">The failed call.</param>
    /// <param name="workspace">Maps temporary paths back to repository paths.</param>
    /// <param name="mapFile">Maps a file named in the output to a repository path; <see langword="null"/> keeps it.</param>
    /// <param name="fallback">The location when the output names none.</param>
    public static RenderException Failed(
        ExternalTool tool, string what, ToolResult result, ToolWorkspace? workspace, Func<string, string?>? mapFile = null, SourceLocation? fallback = null)
    {
        var text = result.Stderr.Trim();
        if (text.Length == 0)
        {
            text = System.Text.Encoding.UTF8.GetString(result.Stdout).Trim();
        }

        if (workspace is not null)
        {
            text = workspace.Relativize(text);
        }

        text = text.Replace("\n\nUse --debug flag to render out invalid YAML", string.Empty, StringComparison.Ordinal);
        if (text.Length > MaxMessageLength)
        {
            text = text[..MaxMessageLength] + "…";
        }

        var location = FindLocation(text, mapFile) ?? fallback;
        var where = location is null ? string.Empty : $" at {location}";
        return new RenderException(
            $"{what} failed{where} ({ToolLocator.DisplayName(tool)} exit code {result.ExitCode}): {text}", location);
    }

    /// <summary>The first <c>file:line[:column]</c> (or Jsonnet's <c>file:(line:column)</c>) named in a text.</summary>
    public static SourceLocation? FindLocation(string text, Func<string, string?>? mapFile = null)
    {
        var match = FileLinePattern().Match(text);
        if (match.Success)
        {
            var file = Map(match.Groups["file"].Value, mapFile);
            var line = int.Parse(match.Groups["line"].Value, CultureInfo.InvariantCulture);
            var column = match.Groups["col"].Success ? int.Parse(match.Groups["col"].Value, CultureInfo.InvariantCulture) : 0;
            return new SourceLocation(file, line, column);
        }

        var named = FileOnlyPattern().Match(text);
        return named.Success ? new SourceLocation(Map(named.Groups["file"].Value, mapFile)) : null;
    }

    private static string Map(string file, Func<string, string?>? mapFile) => mapFile?.Invoke(file) ?? file;

    // helm: "(chart/templates/a.yaml:6:20)", "chart/templates/a.yaml:6:15", "template: chart/templates/a.yaml:12:3:";
    // jsonnet: "app/a.jsonnet:4:6-18" and "app/a.jsonnet:(3:5)-(4:1)".
    [GeneratedRegex(@"(?<file>[\w.\-/]+\.(?:ya?ml|tpl|txt|json|jsonnet|libsonnet)):\(?(?<line>\d+)(?::(?<col>\d+))?")]
    private static partial Regex FileLinePattern();

    // helm: "YAML parse error on chart/templates/b.yaml:"; kustomize: "in File: cm.yaml".
    [GeneratedRegex(@"(?:YAML parse error on |in File: |open |lstat )(?<file>[\w.\-/]+)")]
    private static partial Regex FileOnlyPattern();
}
