using System.CommandLine;
using GitOps.Cli.Hosting;
using GitOps.Cli.Options;
using GitOps.Rendering;
using GitOps.Sources;

namespace GitOps.Cli.Commands;

/// <summary><c>gitops render SOURCE | --repo URL</c>: prints the manifests an application renders to.</summary>
internal static class RenderCommand
{
    public static Command Create(CliConsole console)
    {
        var source = new Argument<DirectoryInfo?>("source")
        {
            Description = "A local folder, taken as the repository root (with --revision: a Git repository read at that revision).",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var repo = new Option<string?>("--repo") { Description = "A Git repository URL (https, ssh, file) to render from instead of a folder." };
        var revision = new Option<string?>("--revision") { Description = "The Git revision: branch, tag, commit or semver range (default HEAD)." };
        var path = new Option<string>("--path") { Description = "The application's path inside the source.", DefaultValueFactory = _ => "." };
        var type = new Option<string>("--type") { Description = "The renderer.", DefaultValueFactory = _ => "auto" };
        type.AcceptOnlyFromAmong("auto", RendererNames.Directory, RendererNames.Helm, RendererNames.Kustomize, RendererNames.Jsonnet);
        var format = new Option<string>("--output", "-o") { Description = "Output format.", DefaultValueFactory = _ => "yaml" };
        format.AcceptOnlyFromAmong("yaml", "json");
        var ns = new Option<string?>("--namespace", "-n") { Description = "The destination namespace." };
        var flags = new RendererFlags();

        var command = new Command("render", "Print the manifests an application renders to.") { source, repo, revision, path, type, format, ns };
        flags.AddTo(command);
        command.Validators.Add(result =>
        {
            var hasSource = result.GetValue(source) is not null;
            var hasRepo = result.GetValue(repo) is not null;
            if (hasSource == hasRepo)
            {
                result.AddError(hasSource ? "Give either SOURCE or --repo, not both." : "Give a SOURCE folder or --repo URL.");
            }
        });
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var host = CliHost.Create();
            var tree = await OpenAsync(host, console, parse.GetValue(source), parse.GetValue(repo), parse.GetValue(revision), cancellationToken);
            var renderType = parse.GetValue(type)!;
            var result = await host.Get<IManifestRenderService>().RenderAsync(
                new RenderRequest
                {
                    Source = tree,
                    Path = parse.GetValue(path)!,
                    Options = flags.ToRendererOptions(parse, renderType, parse.GetValue(ns)),
                    Context = new RenderContext
                    {
                        Namespace = parse.GetValue(ns) ?? string.Empty,
                        ApplicationName = flags.Release(parse) ?? ApplicationName(parse.GetValue(source), parse.GetValue(repo)),
                    },
                },
                cancellationToken);

            foreach (var diagnostic in result.Diagnostics.Where(d => d.Severity == RenderDiagnosticSeverity.Warning))
            {
                await console.Error.WriteLineAsync($"warning: {diagnostic.Message}");
            }

            await ManifestOutput.WriteAsync(console.Output, result.Objects, parse.GetValue(format)!, cancellationToken);
            return CliApplication.Success;
        });
        return command;
    }

    private static async Task<ISourceTree> OpenAsync(
        CliHost host, CliConsole console, DirectoryInfo? folder, string? repo, string? revision, CancellationToken cancellationToken)
    {
        if (folder is not null)
        {
            if (!folder.Exists)
            {
                throw new DirectoryNotFoundException($"Source folder '{folder}' does not exist.");
            }

            if (revision is null)
            {
                return new LocalDirectorySourceTree(folder.FullName);
            }
        }

        var location = repo ?? folder!.FullName;
        await console.ProgressAsync($"Fetching {location} at {revision ?? "HEAD"}...");
        var tree = await host.Get<ISourceResolver>().OpenAsync(new SourceReference(location, revision ?? "HEAD"), cancellationToken);
        await console.ProgressAsync($"Rendering commit {tree.Revision}");
        return tree;
    }

    // The application name Helm takes as the release name when none is given: the folder's or repository's name.
    private static string ApplicationName(DirectoryInfo? folder, string? repo) =>
        folder?.Name ?? Path.GetFileNameWithoutExtension(repo!.TrimEnd('/'));
}
