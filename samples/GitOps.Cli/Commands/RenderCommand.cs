using System.CommandLine;
using GitOps.Rendering;
using GitOps.Renderers.Directory;
using GitOps.Renderers.Helm;
using GitOps.Renderers.Jsonnet;
using GitOps.Renderers.Kustomize;
using GitOps.Sources;
using Microsoft.Extensions.DependencyInjection;

namespace GitOps.Cli.Commands;

/// <summary><c>gitops render SOURCE</c>: prints the manifests an application renders to.</summary>
internal static class RenderCommand
{
    public static Command Create(TextWriter output)
    {
        var source = new Argument<DirectoryInfo>("source") { Description = "A local folder, taken as the repository root." };
        var path = new Option<string>("--path") { Description = "The application's path inside the source.", DefaultValueFactory = _ => "." };
        var type = new Option<string>("--type") { Description = "The renderer.", DefaultValueFactory = _ => "auto" };
        type.AcceptOnlyFromAmong("auto", RendererNames.Directory, RendererNames.Helm, RendererNames.Kustomize, RendererNames.Jsonnet);
        var format = new Option<string>("--output", "-o") { Description = "Output format.", DefaultValueFactory = _ => "yaml" };
        format.AcceptOnlyFromAmong("yaml", "json");
        var recurse = new Option<bool>("--recurse") { Description = "Directory applications: read sub-folders too." };
        var include = new Option<string?>("--include") { Description = "Directory applications: only files matching this glob." };
        var exclude = new Option<string?>("--exclude") { Description = "Directory applications: skip files matching this glob." };
        var ns = new Option<string?>("--namespace", "-n") { Description = "The destination namespace." };
        var release = new Option<string?>("--release") { Description = "Helm: the release name (default: the folder's name)." };
        var valueFiles = new Option<string[]>("--values", "-f") { Description = "Helm: value files, relative to the application path (as Argo CD takes them)." };
        var set = new Option<string[]>("--set") { Description = "Helm: NAME=VALUE parameters." };
        var setString = new Option<string[]>("--set-string") { Description = "Helm: NAME=VALUE parameters kept as strings." };
        var extStr = new Option<string[]>("--ext-str") { Description = "Jsonnet: NAME=VALUE external variables." };
        var extCode = new Option<string[]>("--ext-code") { Description = "Jsonnet: NAME=CODE external variables." };
        var tlaStr = new Option<string[]>("--tla-str") { Description = "Jsonnet: NAME=VALUE top-level arguments." };
        var tlaCode = new Option<string[]>("--tla-code") { Description = "Jsonnet: NAME=CODE top-level arguments." };
        var libraries = new Option<string[]>("--jpath", "-J") { Description = "Jsonnet: library paths relative to the source root." };

        var command = new Command("render", "Print the manifests an application renders to.")
        {
            source, path, type, format, recurse, include, exclude, ns, release, valueFiles, set, setString, extStr, extCode, tlaStr, tlaCode, libraries,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var folder = parse.GetValue(source)!;
            if (!folder.Exists)
            {
                throw new DirectoryNotFoundException($"Source folder '{folder}' does not exist.");
            }

            var services = new ServiceCollection();
            services.AddGitOps();
            await using var provider = services.BuildServiceProvider();
            var renderType = parse.GetValue(type)!;
            var jsonnet = new JsonnetOptions
            {
                ExtVars = [.. Pairs(parse.GetValue(extStr), code: false), .. Pairs(parse.GetValue(extCode), code: true)],
                TopLevelArguments = [.. Pairs(parse.GetValue(tlaStr), code: false), .. Pairs(parse.GetValue(tlaCode), code: true)],
                LibraryPaths = [.. parse.GetValue(libraries) ?? []],
            };
            RendererOptions? options = renderType switch
            {
                "auto" when parse.GetValue(recurse) || parse.GetValue(include) is not null || parse.GetValue(exclude) is not null
                    || jsonnet.ExtVars.Count > 0 || jsonnet.TopLevelArguments.Count > 0 || jsonnet.LibraryPaths.Count > 0 =>
                    Directory(parse, recurse, include, exclude, jsonnet),
                "auto" => null,
                RendererNames.Directory => Directory(parse, recurse, include, exclude, jsonnet),
                RendererNames.Helm => new HelmRendererOptions
                {
                    ReleaseName = parse.GetValue(release),
                    Namespace = parse.GetValue(ns),
                    ValueFiles = [.. parse.GetValue(valueFiles) ?? []],
                    Parameters =
                    [
                        .. Pairs(parse.GetValue(set), code: false).Select(p => new HelmParameter(p.Name, p.Value)),
                        .. Pairs(parse.GetValue(setString), code: false).Select(p => new HelmParameter(p.Name, p.Value, HelmParameterKind.ForceString)),
                    ],
                },
                RendererNames.Kustomize => new KustomizeRendererOptions(),
                RendererNames.Jsonnet => new JsonnetRendererOptions { Recurse = parse.GetValue(recurse), Jsonnet = jsonnet },
                _ => throw new NotSupportedException($"Unknown renderer '{renderType}'."),
            };

            var result = await provider.GetRequiredService<IManifestRenderService>().RenderAsync(
                new RenderRequest
                {
                    Source = new LocalDirectorySourceTree(folder.FullName),
                    Path = parse.GetValue(path)!,
                    Options = options,
                    Context = new RenderContext
                    {
                        Namespace = parse.GetValue(ns) ?? string.Empty,
                        ApplicationName = parse.GetValue(release) ?? folder.Name,
                    },
                },
                cancellationToken);

            await ManifestOutput.WriteAsync(output, result.Objects, parse.GetValue(format)!, cancellationToken);
            return CliApplication.Success;
        });
        return command;
    }

    private static DirectoryRendererOptions Directory(
        ParseResult parse, Option<bool> recurse, Option<string?> include, Option<string?> exclude, JsonnetOptions jsonnet) =>
        new() { Recurse = parse.GetValue(recurse), Include = parse.GetValue(include), Exclude = parse.GetValue(exclude), Jsonnet = jsonnet };

    // NAME=VALUE pairs; a pair without '=' is a usage error naming it.
    private static IEnumerable<JsonnetVariable> Pairs(string[]? values, bool code)
    {
        foreach (var value in values ?? [])
        {
            var equals = value.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new ArgumentException($"'{value}' is not NAME=VALUE.");
            }

            yield return new JsonnetVariable(value[..equals], value[(equals + 1)..], code);
        }
    }
}
