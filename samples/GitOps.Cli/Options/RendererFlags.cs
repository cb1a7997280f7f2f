using System.CommandLine;
using GitOps.Applications;
using GitOps.Rendering;
using GitOps.Renderers.Directory;
using GitOps.Renderers.Helm;
using GitOps.Renderers.Jsonnet;
using GitOps.Renderers.Kustomize;

namespace GitOps.Cli.Options;

/// <summary>
/// The renderer flags shared by <c>render</c> and the application commands: Helm, directory and Jsonnet options.
/// <c>render</c> turns them into renderer options; the application commands into an Application's source options, so
/// that both go through the same code as an Application file does.
/// </summary>
internal sealed class RendererFlags
{
    private readonly Option<bool> _recurse = new("--recurse") { Description = "Directory applications: read sub-folders too." };
    private readonly Option<string?> _include = new("--include") { Description = "Directory applications: only files matching this glob." };
    private readonly Option<string?> _exclude = new("--exclude") { Description = "Directory applications: skip files matching this glob." };
    private readonly Option<string?> _release = new("--release") { Description = "Helm: the release name (default: the application's name)." };
    private readonly Option<string[]> _valueFiles = new("--values", "-f") { Description = "Helm: value files, relative to the application path (as Argo CD takes them)." };
    private readonly Option<string[]> _set = new("--set") { Description = "Helm: NAME=VALUE parameters." };
    private readonly Option<string[]> _setString = new("--set-string") { Description = "Helm: NAME=VALUE parameters kept as strings." };
    private readonly Option<string[]> _extStr = new("--ext-str") { Description = "Jsonnet: NAME=VALUE external variables." };
    private readonly Option<string[]> _extCode = new("--ext-code") { Description = "Jsonnet: NAME=CODE external variables." };
    private readonly Option<string[]> _tlaStr = new("--tla-str") { Description = "Jsonnet: NAME=VALUE top-level arguments." };
    private readonly Option<string[]> _tlaCode = new("--tla-code") { Description = "Jsonnet: NAME=CODE top-level arguments." };
    private readonly Option<string[]> _libraries = new("--jpath", "-J") { Description = "Jsonnet: library paths relative to the source root." };

    /// <summary>Adds the flags to a command.</summary>
    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { _recurse, _include, _exclude, _release, _valueFiles, _set, _setString, _extStr, _extCode, _tlaStr, _tlaCode, _libraries })
        {
            command.Options.Add(option);
        }

        // A NAME=VALUE flag without '=' is a usage error, reported before anything runs.
        command.Validators.Add(result =>
        {
            foreach (var option in new[] { _set, _setString, _extStr, _extCode, _tlaStr, _tlaCode })
            {
                foreach (var value in result.GetResult(option)?.Tokens.Select(t => t.Value) ?? [])
                {
                    if (value.IndexOf('=', StringComparison.Ordinal) <= 0)
                    {
                        result.AddError($"{option.Name} '{value}' is not NAME=VALUE.");
                    }
                }
            }
        });
    }

    /// <summary>The Helm release name given, if any.</summary>
    public string? Release(ParseResult parse) => parse.GetValue(_release);

    /// <summary>Renderer options for <c>render</c>: <paramref name="type"/> picks the renderer; <c>auto</c> detects it.</summary>
    public RendererOptions? ToRendererOptions(ParseResult parse, string type, string? @namespace)
    {
        var jsonnet = Jsonnet(parse);
        return type switch
        {
            "auto" when HasDirectoryFlags(parse) || jsonnet.ExtVars.Count > 0 || jsonnet.TopLevelArguments.Count > 0 || jsonnet.LibraryPaths.Count > 0 =>
                Directory(parse, jsonnet),
            "auto" => null,
            RendererNames.Directory => Directory(parse, jsonnet),
            RendererNames.Helm => new HelmRendererOptions
            {
                ReleaseName = parse.GetValue(_release),
                Namespace = @namespace,
                ValueFiles = [.. parse.GetValue(_valueFiles) ?? []],
                Parameters = [.. HelmParameters(parse).Select(p => new Renderers.Helm.HelmParameter(p.Name, p.Value, p.ForceString ? HelmParameterKind.ForceString : HelmParameterKind.Value))],
            },
            RendererNames.Kustomize => new KustomizeRendererOptions(),
            RendererNames.Jsonnet => new JsonnetRendererOptions { Recurse = parse.GetValue(_recurse), Jsonnet = jsonnet },
            _ => throw new NotSupportedException($"Unknown renderer '{type}'."),
        };
    }

    /// <summary>
    /// Puts the flags on an Application source, as its <c>helm</c> and <c>directory</c> fields would: only the
    /// fields some flag was given for are set, so the renderer is still detected from the folder.
    /// </summary>
    public ApplicationSource ApplyTo(ParseResult parse, ApplicationSource source)
    {
        var jsonnet = Jsonnet(parse);
        var hasJsonnet = jsonnet.ExtVars.Count > 0 || jsonnet.TopLevelArguments.Count > 0 || jsonnet.LibraryPaths.Count > 0;
        if (HasDirectoryFlags(parse) || hasJsonnet)
        {
            source = source with
            {
                Directory = new DirectorySourceOptions
                {
                    Recurse = parse.GetValue(_recurse),
                    Include = parse.GetValue(_include),
                    Exclude = parse.GetValue(_exclude),
                    Jsonnet = hasJsonnet
                        ? new JsonnetSourceOptions { ExtVars = [.. jsonnet.ExtVars], TopLevelArguments = [.. jsonnet.TopLevelArguments], Libraries = [.. jsonnet.LibraryPaths] }
                        : null,
                },
            };
        }

        var parameters = HelmParameters(parse).ToList();
        var valueFiles = parse.GetValue(_valueFiles) ?? [];
        if (parse.GetValue(_release) is not null || valueFiles.Length > 0 || parameters.Count > 0)
        {
            source = source with
            {
                Helm = new HelmSourceOptions { ReleaseName = parse.GetValue(_release), ValueFiles = valueFiles, Parameters = parameters },
            };
        }

        return source;
    }

    private bool HasDirectoryFlags(ParseResult parse) =>
        parse.GetValue(_recurse) || parse.GetValue(_include) is not null || parse.GetValue(_exclude) is not null;

    private DirectoryRendererOptions Directory(ParseResult parse, JsonnetOptions jsonnet) =>
        new() { Recurse = parse.GetValue(_recurse), Include = parse.GetValue(_include), Exclude = parse.GetValue(_exclude), Jsonnet = jsonnet };

    private JsonnetOptions Jsonnet(ParseResult parse) => new()
    {
        ExtVars = [.. Pairs(parse.GetValue(_extStr)).Select(p => new JsonnetVariable(p.Name, p.Value, false)), .. Pairs(parse.GetValue(_extCode)).Select(p => new JsonnetVariable(p.Name, p.Value, true))],
        TopLevelArguments = [.. Pairs(parse.GetValue(_tlaStr)).Select(p => new JsonnetVariable(p.Name, p.Value, false)), .. Pairs(parse.GetValue(_tlaCode)).Select(p => new JsonnetVariable(p.Name, p.Value, true))],
        LibraryPaths = [.. parse.GetValue(_libraries) ?? []],
    };

    private IEnumerable<Applications.HelmParameter> HelmParameters(ParseResult parse) =>
    [
        .. Pairs(parse.GetValue(_set)).Select(p => new Applications.HelmParameter(p.Name, p.Value)),
        .. Pairs(parse.GetValue(_setString)).Select(p => new Applications.HelmParameter(p.Name, p.Value, ForceString: true)),
    ];

    // NAME=VALUE pairs; a pair without '=' is an error naming it.
    private static IEnumerable<(string Name, string Value)> Pairs(string[]? values)
    {
        foreach (var value in values ?? [])
        {
            var equals = value.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new ArgumentException($"'{value}' is not NAME=VALUE.");
            }

            yield return (value[..equals], value[(equals + 1)..]);
        }
    }
}
