using System.Text;
using System.Text.Json.Nodes;
using GitOps.Globbing;
using GitOps.Manifests;
using GitOps.Renderers.Common;
using GitOps.Renderers.Tools;
using GitOps.Rendering;
using GitOps.Sources;
using Microsoft.Extensions.Options;

namespace GitOps.Renderers.Helm;

/// <summary>
/// Renders Helm charts with <c>helm template</c>, as Argo CD's repo server does: a chart folder of the source tree
/// (dependencies vendored in <c>charts/</c> or <c>file://</c> inside the repository, downloads only when allowed) or a
/// chart pulled from an HTTP or OCI chart repository; value files, inline values and parameters; hooks come out as
/// objects with their <c>helm.sh/hook</c> annotations.
/// </summary>
internal sealed class HelmRenderer : IManifestRenderer
{
    private static readonly HelmRendererOptions DefaultOptions = new();
    private static readonly ManifestReader ChartFileReader = new(new ManifestReaderOptions { RequireObjectIdentity = false });
    private readonly ToolRunner _runner;
    private readonly ToolLocator _locator;
    private readonly ManifestReader _reader;
    private readonly IHelmCredentialProvider _credentials;
    private readonly HelmRendererSettings _settings;
    private readonly SharedTreeCopies _copies;

    public HelmRenderer(
        ToolRunner runner, ToolLocator locator, ManifestReader reader, IHelmCredentialProvider credentials, IOptions<HelmRendererSettings> settings,
        SharedTreeCopies copies)
    {
        _copies = copies;
        _runner = runner;
        _locator = locator;
        _reader = reader;
        _credentials = credentials;
        _settings = settings.Value;
    }

    public string Name => RendererNames.Helm;

    public async ValueTask<RenderResult> RenderAsync(RenderRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var options = RenderInputs.Options(request, Name, DefaultOptions);

        var helm = await _locator.LocateAsync(ExternalTool.Helm, cancellationToken).ConfigureAwait(false);
        var diagnostics = new List<RenderDiagnostic>();
        ToolWorkspace workspace;
        string chartPath;
        ResolvedFiles files;
        if (options.Chart is { } reference)
        {
            workspace = ToolWorkspace.CreateEmpty();
            try
            {
                chartPath = await PullAsync(helm, workspace, reference, cancellationToken).ConfigureAwait(false);
                files = ResolveFiles(new LocalDirectorySourceTree(workspace.RepositoryRoot), chartPath, options, diagnostics);
            }
            catch
            {
                await workspace.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }
        else
        {
            chartPath = RenderInputs.Normalize(request.Path, "application path");
            var chartFile = SourcePath.Combine(chartPath, "Chart.yaml");
            if (request.Source.GetEntry(chartFile) is null)
            {
                throw new RenderException($"'{RenderInputs.Display(chartPath)}' has no Chart.yaml, so it is not a Helm chart.", new SourceLocation(chartFile));
            }

            files = ResolveFiles(request.Source, chartPath, options, diagnostics);
            var dependencies = await LocalDependencyFoldersAsync(request.Source, chartPath, cancellationToken).ConfigureAwait(false);
            // helm template only reads, so the commit's shared copy serves, unless dependencies must be built into charts/.
            workspace = await ToolWorkspace.CreateSharedAsync(_copies, request.Source, cancellationToken).ConfigureAwait(false);
            if (await MissingDependenciesAsync(workspace, chartPath, cancellationToken).ConfigureAwait(false) is { Count: > 0 })
            {
                await workspace.DisposeAsync().ConfigureAwait(false);
                // A private copy of what helm can read: the chart, its file:// dependencies, value files and --set-file files.
                workspace = await ToolWorkspace.CreateAsync(
                    request.Source, [chartPath, .. dependencies, .. files.ValueFiles, .. files.SetFiles.Values], cancellationToken).ConfigureAwait(false);
                try
                {
                    await EnsureDependenciesAsync(helm, workspace, chartPath, cancellationToken).ConfigureAwait(false);
                }
                catch
                {
                    await workspace.DisposeAsync().ConfigureAwait(false);
                    throw;
                }
            }
        }

        await using var owned = workspace;

        var arguments = BuildTemplateArguments(options, request.Context, workspace, chartPath, files);
        var result = await _runner.RunAsync(
            new ToolCommand(ExternalTool.Helm, helm.Path, arguments, workspace.WorkDirectory) { Environment = workspace.ToolEnvironment() },
            cancellationToken).ConfigureAwait(false);
        if (result.ExitCode != 0)
        {
            throw ToolErrors.Failed(
                ExternalTool.Helm, $"helm template of '{RenderInputs.Display(chartPath)}'", result, workspace,
                file => MapTemplatePath(file, chartPath),
                SchemaLocation(result.Stderr, workspace, chartPath));
        }

        var objects = new List<ManifestObject>();
        ToolOutput.Read(_reader, result.Stdout, $"helm template {RenderInputs.Display(chartPath)}", file => MapTemplatePath(file, chartPath), objects, diagnostics);
        return new RenderResult(Name, objects, diagnostics);
    }

    private static List<string> BuildTemplateArguments(
        HelmRendererOptions options, RenderContext context, ToolWorkspace workspace, string chartPath, ResolvedFiles files)
    {
        var arguments = new List<string> { "template" };
        var ns = options.Namespace ?? context.Namespace;
        if (!string.IsNullOrEmpty(ns))
        {
            arguments.Add("--namespace=" + ns);
        }

        var kubeVersion = options.KubeVersion ?? context.KubeVersion;
        if (!string.IsNullOrEmpty(kubeVersion))
        {
            arguments.Add("--kube-version=" + kubeVersion);
        }

        foreach (var apiVersion in (IEnumerable<string>?)options.ApiVersions ?? context.ApiVersions)
        {
            arguments.Add("--api-versions=" + apiVersion);
        }

        if (options.IncludeCrds)
        {
            arguments.Add("--include-crds");
        }

        if (options.SkipTests)
        {
            arguments.Add("--skip-tests");
        }

        if (options.SkipSchemaValidation)
        {
            arguments.Add("--skip-schema-validation");
        }

        // Precedence, lowest first: value files, inline values, parameters (Argo CD's order).
        foreach (var file in files.ValueFiles)
        {
            arguments.Add("--values=" + workspace.FullPath(file));
        }

        if (options.Values is { Count: > 0 } values)
        {
            var inline = Path.Combine(workspace.WorkDirectory, "inline-values.json");
            File.WriteAllText(inline, values.ToJsonString());
            arguments.Add("--values=" + inline);
        }

        foreach (var parameter in options.Parameters)
        {
            switch (parameter.Kind)
            {
                case HelmParameterKind.File:
                    arguments.Add($"--set-file={parameter.Name}={workspace.FullPath(files.SetFiles[parameter])}");
                    break;
                case HelmParameterKind.ForceString:
                    arguments.Add($"--set-string={parameter.Name}={EscapeValue(parameter.Value)}");
                    break;
                default:
                    arguments.Add($"--set={parameter.Name}={EscapeValue(parameter.Value)}");
                    break;
            }
        }

        var release = options.ReleaseName ?? context.ApplicationName;
        if (string.IsNullOrEmpty(release))
        {
            throw new RenderException("A Helm release needs a name: set HelmRendererOptions.ReleaseName or RenderContext.ApplicationName.");
        }

        // Positional arguments after "--", so a release name starting with '-' is never read as a flag.
        arguments.Add("--");
        arguments.Add(release);
        arguments.Add(workspace.FullPath(chartPath));
        return arguments;
    }

    // Value files and --set-file files, checked against the source: present, and inside the repository.
    private static ResolvedFiles ResolveFiles(ISourceTree tree, string chartPath, HelmRendererOptions options, List<RenderDiagnostic> diagnostics)
    {
        // As Argo CD does: a file listed explicitly keeps its explicit position and is left out of glob matches,
        // and each file is passed once.
        var explicitFiles = options.ValueFiles
            .Where(v => !IsGlob(v) && !v.Contains("://", StringComparison.Ordinal))
            .Select(v => RenderInputs.Combine(chartPath, v, $"value file '{v}'"))
            .ToHashSet(StringComparer.Ordinal);
        var valueFiles = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var valueFile in options.ValueFiles)
        {
            var glob = IsGlob(valueFile);
            foreach (var file in ResolveValueFiles(tree, chartPath, valueFile, options.IgnoreMissingValueFiles, diagnostics))
            {
                if ((!glob || !explicitFiles.Contains(file)) && seen.Add(file))
                {
                    valueFiles.Add(file);
                }
            }
        }

        var setFiles = new Dictionary<HelmParameter, string>();
        foreach (var parameter in options.Parameters)
        {
            if (string.IsNullOrWhiteSpace(parameter.Name) || parameter.Name.Contains('=', StringComparison.Ordinal))
            {
                throw new RenderException($"Helm parameter name '{parameter.Name}' is empty or contains '='.");
            }

            if (parameter.Kind == HelmParameterKind.File)
            {
                var file = RenderInputs.Combine(chartPath, parameter.Value, $"file of parameter '{parameter.Name}'");
                if (!IsFile(tree, file))
                {
                    throw new RenderException($"The file '{file}' of Helm parameter '{parameter.Name}' does not exist.", new SourceLocation(file));
                }

                setFiles[parameter] = file;
            }
        }

        return new ResolvedFiles(valueFiles, setFiles);
    }

    // Argo CD expands a value file only when it has one of these (braces alone are a literal name).
    private static bool IsGlob(string valueFile) => valueFile.IndexOfAny(['*', '?', '[']) >= 0;

    private static bool IsFile(ISourceTree tree, string path) =>
        tree.GetEntry(path) is { Kind: SourceEntryKind.File or SourceEntryKind.Symlink };

    private static void CollectFiles(ISourceTree tree, string directory, List<string> files)
    {
        foreach (var entry in tree.ListDirectory(directory))
        {
            if (entry.Kind == SourceEntryKind.Directory)
            {
                if (entry.Name != ".git")
                {
                    CollectFiles(tree, entry.Path, files);
                }
            }
            else
            {
                files.Add(entry.Path);
            }
        }
    }

    private static async Task<List<string>> LocalDependencyFoldersAsync(ISourceTree tree, string chartPath, CancellationToken cancellationToken)
    {
        var folders = new List<string>();
        foreach (var (name, repository) in await ReadDependenciesAsync(tree, chartPath, cancellationToken).ConfigureAwait(false))
        {
            if (repository.StartsWith("file://", StringComparison.Ordinal))
            {
                // file:// dependencies are built from the copy, so they must stay inside the repository too.
                var folder = RenderInputs.Combine(chartPath, repository["file://".Length..], $"dependency '{name}' ({repository})");
                if (tree.GetEntry(folder) is not null)
                {
                    folders.Add(folder);
                }
            }
        }

        return folders;
    }

    private static async Task<List<(string Name, string Repository)>> ReadDependenciesAsync(ISourceTree tree, string chartPath, CancellationToken cancellationToken)
    {
        var chartFile = SourcePath.Combine(chartPath, "Chart.yaml");
        JsonArray? dependencies;
        try
        {
            var chart = ChartFileReader.Read(await tree.ReadFileAsync(chartFile, cancellationToken).ConfigureAwait(false), chartFile);
            dependencies = chart.Count > 0 ? chart[0].Root["dependencies"] as JsonArray : null;
        }
        catch (ManifestFormatException e)
        {
            throw new RenderException($"Invalid Chart.yaml: {e.Message}", e.Location ?? new SourceLocation(chartFile), e);
        }
        catch (SourcePathException e)
        {
            throw new RenderException($"Cannot read '{chartFile}': {e.Message}", new SourceLocation(chartFile), e);
        }

        return (dependencies ?? [])
            .OfType<JsonObject>()
            .Select(d => (d["name"]?.GetValue<string>() ?? string.Empty, d["repository"]?.GetValue<string>() ?? string.Empty))
            .ToList();
    }

    private static IEnumerable<string> ResolveValueFiles(
        ISourceTree tree, string chartPath, string valueFile, bool ignoreMissing, List<RenderDiagnostic> diagnostics)
    {
        if (valueFile.Contains("://", StringComparison.Ordinal))
        {
            throw new RenderException($"Value file '{valueFile}' is a URL; only files inside the repository are allowed.");
        }

        var path = RenderInputs.Combine(chartPath, valueFile, $"value file '{valueFile}'");
        if (!IsGlob(path))
        {
            return IsFile(tree, path) ? [path] : Missing(path);
        }

        GlobPattern glob;
        try
        {
            glob = GlobPattern.Parse(path, GlobSyntax.PathSegments);
        }
        catch (FormatException e)
        {
            throw new RenderException($"Invalid value file pattern '{valueFile}': {e.Message}", e);
        }

        var fixedPart = path[..path.IndexOfAny(['*', '?', '[', '{'])];
        var baseDirectory = SourcePath.GetDirectory(fixedPart.TrimEnd('/') + (fixedPart.EndsWith('/') ? "/x" : string.Empty));
        var candidates = new List<string>();
        if (tree.GetEntry(baseDirectory) is { Kind: SourceEntryKind.Directory })
        {
            CollectFiles(tree, baseDirectory, candidates);
        }

        var matches = candidates.Where(glob.IsMatch).Order(StringComparer.Ordinal).ToList();
        return matches.Count > 0 ? matches : Missing(path);

        IEnumerable<string> Missing(string missing)
        {
            if (!ignoreMissing)
            {
                throw new RenderException(
                    $"Value file '{missing}' does not exist; fix the path or set IgnoreMissingValueFiles.", new SourceLocation(missing));
            }

            diagnostics.Add(new RenderDiagnostic(RenderDiagnosticSeverity.Warning, $"Value file '{missing}' does not exist; skipped.", new SourceLocation(missing)));
            return [];
        }
    }

    // Dependencies listed in Chart.yaml that are not vendored in charts/.
    private static async Task<List<(string Name, string Repository)>> MissingDependenciesAsync(
        ToolWorkspace workspace, string chartPath, CancellationToken cancellationToken)
    {
        var dependencies = await ReadDependenciesAsync(new LocalDirectorySourceTree(workspace.RepositoryRoot), chartPath, cancellationToken).ConfigureAwait(false);
        var chartsFolder = Path.Combine(workspace.FullPath(chartPath), "charts");
        return [.. dependencies.Where(d => !IsVendored(chartsFolder, d.Name))];
    }

    private async Task EnsureDependenciesAsync(LocatedTool helm, ToolWorkspace workspace, string chartPath, CancellationToken cancellationToken)
    {
        var chartFile = SourcePath.Combine(chartPath, "Chart.yaml");
        var missing = await MissingDependenciesAsync(workspace, chartPath, cancellationToken).ConfigureAwait(false);
        if (missing.Count == 0)
        {
            return;
        }

        var remote = missing.Where(m => !m.Repository.StartsWith("file://", StringComparison.Ordinal)).ToList();

        if (remote.Count > 0 && !_settings.AllowDependencyDownload)
        {
            var list = string.Join(", ", remote.Select(m => $"'{m.Name}' from {m.Repository}"));
            throw new RenderException(
                $"Chart '{RenderInputs.Display(chartPath)}' needs {list}, not vendored in charts/. Vendor it (helm dependency build, then commit charts/) " +
                "or allow downloads with HelmRendererSettings.AllowDependencyDownload.",
                new SourceLocation(chartFile));
        }

        // helm dependency build only downloads from repositories it knows: register each HTTP one in the workspace's own helm config.
        var index = 0;
        foreach (var repository in remote.Select(m => m.Repository).Where(r => r.StartsWith("http", StringComparison.OrdinalIgnoreCase)).Distinct())
        {
            var credentials = await _credentials.GetCredentialsAsync(repository, cancellationToken).ConfigureAwait(false);
            await AddRepositoryAsync(
                helm, workspace, "dependency-" + index++, repository, credentials, $"helm dependency build of '{RenderInputs.Display(chartPath)}'", cancellationToken).ConfigureAwait(false);
        }

        var arguments = new List<string> { "dependency", "build" };
        if (remote.Count == 0)
        {
            arguments.Add("--skip-refresh");
        }

        arguments.Add("--");
        arguments.Add(workspace.FullPath(chartPath));
        var result = await _runner.RunAsync(
            new ToolCommand(ExternalTool.Helm, helm.Path, arguments, workspace.WorkDirectory) { Environment = workspace.ToolEnvironment() },
            cancellationToken).ConfigureAwait(false);
        if (result.ExitCode != 0)
        {
            throw ToolErrors.Failed(ExternalTool.Helm, $"helm dependency build of '{RenderInputs.Display(chartPath)}'", result, workspace, fallback: new SourceLocation(chartFile));
        }
    }

    // Registers a repository in the workspace's own helm config; the password goes through standard input, never the command line.
    private async Task AddRepositoryAsync(
        LocatedTool helm, ToolWorkspace workspace, string name, string url, HelmCredentials? credentials, string purpose, CancellationToken cancellationToken)
    {
        List<string> arguments = ["repo", "add"];
        if (credentials is not null)
        {
            arguments.Add("--username=" + credentials.Username);
            arguments.Add("--password-stdin");
        }

        arguments.AddRange(["--", name, url]);
        var result = await _runner.RunAsync(
            new ToolCommand(ExternalTool.Helm, helm.Path, arguments, workspace.WorkDirectory)
            {
                Environment = workspace.ToolEnvironment(),
                StandardInput = credentials?.Password,
                Secrets = credentials is null ? [] : [credentials.Password],
            },
            cancellationToken).ConfigureAwait(false);
        if (result.ExitCode != 0)
        {
            throw ToolErrors.Failed(ExternalTool.Helm, $"{purpose}: helm repo add {url}", result, workspace);
        }
    }

    private static bool IsVendored(string chartsFolder, string name)
    {
        if (!System.IO.Directory.Exists(chartsFolder))
        {
            return false;
        }

        return System.IO.Directory.Exists(Path.Combine(chartsFolder, name)) ||
            System.IO.Directory.EnumerateFiles(chartsFolder, name + "-*.tgz").Any();
    }

    private async Task<string> PullAsync(LocatedTool helm, ToolWorkspace workspace, HelmChartReference reference, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(reference.Chart) || reference.Chart.Contains('/', StringComparison.Ordinal) || reference.Chart[0] is '.' or '-')
        {
            throw new RenderException($"Helm chart name '{reference.Chart}' is not a plain chart name.");
        }

        var oci = reference.RepositoryUrl.StartsWith("oci://", StringComparison.OrdinalIgnoreCase);
        if (!oci && !reference.RepositoryUrl.StartsWith("http://", StringComparison.OrdinalIgnoreCase) &&
            !reference.RepositoryUrl.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            throw new RenderException($"Helm repository URL '{reference.RepositoryUrl}' must start with https://, http:// or oci://.");
        }

        var credentials = await _credentials.GetCredentialsAsync(reference.RepositoryUrl, cancellationToken).ConfigureAwait(false);
        var arguments = new List<string> { "pull", "--untar", "--untardir=" + workspace.RepositoryRoot };
        if (!string.IsNullOrEmpty(reference.Version))
        {
            arguments.Add("--version=" + reference.Version);
        }

        var secrets = new List<string>();
        string chartArgument;
        if (oci)
        {
            // OCI registries take no --password-stdin on pull; the password stays out of messages.
            if (credentials is not null)
            {
                arguments.Add("--username=" + credentials.Username);
                arguments.Add("--password=" + credentials.Password);
                secrets.Add(credentials.Password);
            }

            if (reference.PlainHttp)
            {
                arguments.Add("--plain-http");
            }

            chartArgument = reference.RepositoryUrl.TrimEnd('/') + "/" + reference.Chart;
        }
        else if (credentials is not null)
        {
            await AddRepositoryAsync(
                helm, workspace, "source", reference.RepositoryUrl, credentials, $"helm pull of chart '{reference.Chart}' version '{reference.Version}'", cancellationToken).ConfigureAwait(false);
            chartArgument = "source/" + reference.Chart;
        }
        else
        {
            arguments.Add("--repo=" + reference.RepositoryUrl);
            chartArgument = reference.Chart;
        }

        arguments.Add("--");
        arguments.Add(chartArgument);
        var result = await _runner.RunAsync(
            new ToolCommand(ExternalTool.Helm, helm.Path, arguments, workspace.WorkDirectory) { Environment = workspace.ToolEnvironment(), Secrets = secrets },
            cancellationToken).ConfigureAwait(false);
        if (result.ExitCode != 0)
        {
            throw ToolErrors.Failed(
                ExternalTool.Helm, $"helm pull of chart '{reference.Chart}' version '{reference.Version}' from {reference.RepositoryUrl}", result, workspace);
        }

        var folders = System.IO.Directory.GetDirectories(workspace.RepositoryRoot);
        return folders.Length == 1
            ? Path.GetFileName(folders[0])
            : throw new RenderException($"helm pull of chart '{reference.Chart}' from {reference.RepositoryUrl} did not produce one chart folder.");
    }

    // helm names templates "<chart name>/templates/x.yaml", subcharts "<chart name>/charts/<sub>/templates/x.yaml".
    private static string MapTemplatePath(string file, string chartPath)
    {
        var slash = file.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? file : SourcePath.Combine(chartPath, file[(slash + 1)..]);
    }

    private static SourceLocation? SchemaLocation(string stderr, ToolWorkspace workspace, string chartPath)
    {
        const string marker = "in the following chart(s):";
        var at = stderr.IndexOf(marker, StringComparison.Ordinal);
        if (at < 0)
        {
            return null;
        }

        var rest = stderr[(at + marker.Length)..].TrimStart();
        var chartName = rest[..Math.Max(0, rest.IndexOf(':', StringComparison.Ordinal))];
        var root = SourcePath.Combine(chartPath, "values.schema.json");
        var sub = SourcePath.Combine(chartPath, $"charts/{chartName}/values.schema.json");
        return new SourceLocation(chartName.Length > 0 && File.Exists(workspace.FullPath(sub)) ? sub : root);
    }

    // Argo CD's rule: a value is one value, so its commas are escaped unless it is a {list}.
    private static string EscapeValue(string value)
    {
        if (value.StartsWith('{') && value.EndsWith('}'))
        {
            return value;
        }

        var builder = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == ',' && (i == 0 || value[i - 1] != '\\'))
            {
                builder.Append('\\');
            }

            builder.Append(value[i]);
        }

        return builder.ToString();
    }
}
