using System.CommandLine;
using GitOps.Rendering;
using GitOps.Renderers.Directory;
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

        var command = new Command("render", "Print the manifests an application renders to.")
        {
            source, path, type, format, recurse, include, exclude, ns,
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
            RendererOptions? options = renderType switch
            {
                "auto" when parse.GetValue(recurse) || parse.GetValue(include) is not null || parse.GetValue(exclude) is not null =>
                    Directory(parse, recurse, include, exclude),
                "auto" => null,
                RendererNames.Directory => Directory(parse, recurse, include, exclude),
                _ => throw new NotSupportedException($"The {renderType} renderer is not available yet; use --type directory or auto."),
            };

            var result = await provider.GetRequiredService<IManifestRenderService>().RenderAsync(
                new RenderRequest
                {
                    Source = new LocalDirectorySourceTree(folder.FullName),
                    Path = parse.GetValue(path)!,
                    Options = options,
                    Context = new RenderContext { Namespace = parse.GetValue(ns) ?? string.Empty },
                },
                cancellationToken);

            await ManifestOutput.WriteAsync(output, result.Objects, parse.GetValue(format)!, cancellationToken);
            return CliApplication.Success;
        });
        return command;
    }

    private static DirectoryRendererOptions Directory(ParseResult parse, Option<bool> recurse, Option<string?> include, Option<string?> exclude) =>
        new() { Recurse = parse.GetValue(recurse), Include = parse.GetValue(include), Exclude = parse.GetValue(exclude) };
}
