using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Serialization;
using GitOps.Cli.Hosting;
using GitOps.Manifests;

namespace GitOps.Cli.Output;

/// <summary>The <c>-o</c> flag and writing values as JSON or YAML.</summary>
internal static class OutputFormat
{
    public const string Table = "table";
    public const string Yaml = "yaml";
    public const string Json = "json";

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static Option<string> Create(string fallback, params string[] formats)
    {
        var option = new Option<string>("--output", "-o") { Description = "Output format.", DefaultValueFactory = _ => fallback };
        option.AcceptOnlyFromAmong(formats);
        return option;
    }

    /// <summary>Writes a value as JSON or YAML (the same document either way).</summary>
    public static async Task WriteAsync<T>(CliConsole console, T value, string format)
    {
        var node = JsonSerializer.SerializeToNode(value, JsonOptions);
        var text = format == Json ? node?.ToJsonString(JsonOptions) + "\n" : ManifestWriter.Write(node);
        await console.Output.WriteAsync(text);
    }
}
