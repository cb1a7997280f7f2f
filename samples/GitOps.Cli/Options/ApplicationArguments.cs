using System.CommandLine;
using GitOps.Applications;
using GitOps.Cli.Hosting;

namespace GitOps.Cli.Options;

/// <summary>
/// The APP of <c>diff</c>, <c>sync</c>, <c>status</c>, <c>history</c> and <c>rollback</c>: an Application YAML file
/// (Argo CD's shape) or inline flags (<c>--repo</c>, <c>--revision</c>, <c>--path</c>, <c>--dest-namespace</c>,
/// <c>--name</c> and the renderer flags).
/// </summary>
internal sealed class ApplicationArguments
{
    private readonly Argument<FileInfo?> _file = new("app")
    {
        Description = "An Application YAML file (argoproj.io/v1alpha1). Without it, describe the application with --repo and the flags below.",
        Arity = ArgumentArity.ZeroOrOne,
    };

    // rollback takes "[APP] ID": one argument of one or two words, since an optional argument before a required one
    // would swallow the id when the application is given inline.
    private readonly Argument<string[]>? _withId;

    private readonly Option<string?> _repo = new("--repo") { Description = "Inline application: the Git repository URL." };
    private readonly Option<string?> _revision = new("--revision") { Description = "Inline application: the target revision (default HEAD)." };
    private readonly Option<string?> _path = new("--path") { Description = "Inline application: the path inside the repository (default: the root)." };
    private readonly Option<string?> _namespace = new("--dest-namespace") { Description = "Inline application: the destination namespace (default: default)." };
    private readonly Option<string?> _name = new("--name") { Description = "The application's name (inline), or which Application of a file holding several." };
    private readonly RendererFlags _renderer = new();

    /// <summary>Creates the arguments; <paramref name="withId"/> adds a trailing history id (<c>[APP] ID</c>).</summary>
    public ApplicationArguments(bool withId = false)
    {
        if (withId)
        {
            _withId = new Argument<string[]>("app-and-id")
            {
                Description = "[APP] ID: the Application file (left out with --repo), then the history entry's id.",
                Arity = new ArgumentArity(1, 2),
            };
        }
    }

    /// <summary>The history id of <c>[APP] ID</c>.</summary>
    public long Id(ParseResult parse) => long.Parse(parse.GetValue(_withId!)![^1], System.Globalization.CultureInfo.InvariantCulture);

    private FileInfo? File(ParseResult parse) =>
        _withId is null ? parse.GetValue(_file) : parse.GetValue(_withId) is [var file, _] ? new FileInfo(file) : null;

    private FileInfo? File(System.CommandLine.Parsing.CommandResult result) =>
        _withId is null ? result.GetValue(_file) : result.GetValue(_withId) is [var file, _] ? new FileInfo(file) : null;

    /// <summary>Adds the argument and flags to a command, with a check that exactly one of APP and --repo is given.</summary>
    public void AddTo(Command command)
    {
        command.Arguments.Add(_withId is null ? _file : _withId);
        foreach (var option in new Option[] { _repo, _revision, _path, _namespace, _name })
        {
            command.Options.Add(option);
        }

        _renderer.AddTo(command);
        command.Validators.Add(result =>
        {
            if (_withId is not null && !long.TryParse(result.GetValue(_withId)?.LastOrDefault(), System.Globalization.CultureInfo.InvariantCulture, out _))
            {
                result.AddError($"The history id '{result.GetValue(_withId)?.LastOrDefault()}' is not a number.");
                return;
            }

            var file = File(result);
            if (file is not null && file.Name.StartsWith('-'))
            {
                // An optional argument takes any word; one that looks like a flag is a mistyped or unknown flag.
                result.AddError($"Unrecognized command or argument '{file.Name}'.");
                return;
            }

            var hasFile = file is not null;
            if (hasFile == (result.GetValue(_repo) is not null))
            {
                result.AddError(hasFile ? "Give either an APP file or --repo, not both." : "Give an APP file or --repo URL.");
            }
        });
    }

    /// <summary>Reads or builds the application; warnings of the file go to standard error.</summary>
    public async Task<Application> ResolveAsync(ParseResult parse, CliConsole console, CancellationToken cancellationToken)
    {
        if (File(parse) is not { } file)
        {
            return Inline(parse);
        }

        if (!file.Exists)
        {
            throw new FileNotFoundException($"Application file '{file}' does not exist.");
        }

        var text = await System.IO.File.ReadAllTextAsync(file.FullName, cancellationToken);
        var read = ApplicationManifestReader.Default.Read(text, file.FullName);
        foreach (var warning in read.Warnings)
        {
            // The diagnostic's text already reads "file:line:column: warning: ...".
            await console.Error.WriteLineAsync(warning.ToString());
        }

        if (read.HasErrors)
        {
            throw new InvalidOperationException(string.Join("; ", read.Errors.Select(e => e.ToString())));
        }

        var name = parse.GetValue(_name);
        var matching = read.Applications.Where(a => name is null || a.Name == name).ToList();
        return matching.Count switch
        {
            1 => matching[0],
            0 when name is not null => throw new InvalidOperationException(
                $"'{file}' has no Application named '{name}'; it has {string.Join(", ", read.Applications.Select(a => a.Name))}."),
            0 => throw new InvalidOperationException($"'{file}' holds no Application (kind: Application, apiVersion: {ApplicationManifestReader.ArgoCdApiVersion})."),
            _ => throw new InvalidOperationException(
                $"'{file}' holds {matching.Count} Applications ({string.Join(", ", matching.Select(a => a.Name))}); pick one with --name."),
        };
    }

    private Application Inline(ParseResult parse)
    {
        var repo = parse.GetValue(_repo)!;
        var path = parse.GetValue(_path) ?? string.Empty;
        var name = parse.GetValue(_name) ?? DefaultName(repo, path);
        var source = _renderer.ApplyTo(parse, new ApplicationSource { RepoUrl = repo, TargetRevision = parse.GetValue(_revision) ?? "HEAD", Path = path });
        return new Application
        {
            Metadata = new ApplicationMetadata { Name = name },
            Spec = new ApplicationSpec { Source = source, Destination = new ApplicationDestination { Namespace = parse.GetValue(_namespace) ?? "default" } },
        };
    }

    // The last folder of the path, else the repository's name: what a person would call the application.
    private static string DefaultName(string repo, string path)
    {
        var last = path.Trim('/').Split('/').LastOrDefault(s => s.Length > 0 && s != ".");
        var name = (last ?? Path.GetFileNameWithoutExtension(repo.TrimEnd('/'))).ToLowerInvariant();
        return new string([.. name.Select(c => char.IsAsciiLetterOrDigit(c) || c == '-' ? c : '-')]).Trim('-') is { Length: > 0 } clean ? clean : "app";
    }
}
