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

    public HelmRenderer(
        ToolRunner runner, ToolLocator locator, ManifestReader reader, IHelmCredentialProvider credentials, IOptions<HelmRendererSettings> settings)
    {
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
        await using var workspace = options.Chart is null
            ? await ToolWorkspace.CreateAsync(request.Source, cancellationToken).ConfigureAwait(false)
            : ToolWorkspace.CreateEmpty();

        string chartPath;
        if (options.Chart is { } reference)
        {
            chartPath = await PullAsync(helm, workspace, reference, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            chartPath = RenderInputs.Normalize(request.Path, "application path");
            if (!File.Exists(Path.Combine(workspace.FullPath(chartPath), "Chart.yaml")))
            {
                throw new RenderException($"'{RenderInputs.Display(chartPath)}' has no Chart.yaml, so it is not a Helm chart.", new SourceLocation(SourcePath.Combine(chartPath, "Chart.yaml")));
            }

            await EnsureDependenciesAsync(helm, workspace, chartPath, cancellationToken).ConfigureAwait(false);
        }

        var arguments = BuildTemplateArguments(options, request.Context, workspace, chartPath, diagnostics);
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
        HelmRendererOptions options, RenderContext context, ToolWorkspace workspace, string chartPath, List<RenderDiagnostic> diagnostics)
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
        foreach (var valueFile in options.ValueFiles)
        {
            foreach (var file in ResolveValueFiles(workspace, chartPath, valueFile, options.IgnoreMissingValueFiles, diagnostics))
            {
                arguments.Add("--values=" + workspace.FullPath(file));
            }
        }

        if (options.Values is { Count: > 0 } values)
        {
            var inline = Path.Combine(workspace.WorkDirectory, "inline-values.json");
            File.WriteAllText(inline, values.ToJsonString());
            arguments.Add("--values=" + inline);
        }

        foreach (var parameter in options.Parameters)
        {
            if (string.IsNullOrWhiteSpace(parameter.Name) || parameter.Name.Contains('='))
            {
                throw new RenderException($"Helm parameter name '{parameter.Name}' is empty or contains '='.");
            }

            switch (parameter.Kind)
            {
                case HelmParameterKind.File:
                    var file = RenderInputs.Combine(chartPath, parameter.Value, $"file of parameter '{parameter.Name}'");
                    if (!File.Exists(workspace.FullPath(file)))
                    {
                        throw new RenderException($"The file '{file}' of Helm parameter '{parameter.Name}' does not exist.", new SourceLocation(file));
                    }

                    arguments.Add($"--set-file={parameter.Name}={workspace.FullPath(file)}");
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

    private static IEnumerable<string> ResolveValueFiles(
        ToolWorkspace workspace, string chartPath, string valueFile, bool ignoreMissing, List<RenderDiagnostic> diagnostics)
    {
        if (valueFile.Contains("://", StringComparison.Ordinal))
        {
            throw new RenderException($"Value file '{valueFile}' is a URL; only files inside the repository are allowed.");
        }

        var path = RenderInputs.Combine(chartPath, valueFile, $"value file '{valueFile}'");
        if (path.IndexOfAny(['*', '?', '[', '{']) < 0)
        {
            if (File.Exists(workspace.FullPath(path)))
            {
                return [path];
            }

            return Missing(path);
        }

        GlobPattern glob;
        try
        {
            glob = GlobPattern.Parse(path);
        }
        catch (FormatException e)
        {
            throw new RenderException($"Invalid value file pattern '{valueFile}': {e.Message}", e);
        }

        var fixedPart = path[..path.IndexOfAny(['*', '?', '[', '{'])];
        var baseDirectory = SourcePath.GetDirectory(fixedPart.TrimEnd('/') + (fixedPart.EndsWith('/') ? "/x" : string.Empty));
        var full = workspace.FullPath(baseDirectory);
        var matches = System.IO.Directory.Exists(full)
            ? System.IO.Directory.EnumerateFiles(full, "*", SearchOption.AllDirectories)
                .Select(f => workspace.ToRepositoryPath(f)!)
                .Where(glob.IsMatch)
                .Order(StringComparer.Ordinal)
                .ToList()
            : [];
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

    private async Task EnsureDependenciesAsync(LocatedTool helm, ToolWorkspace workspace, string chartPath, CancellationToken cancellationToken)
    {
        var chartFile = SourcePath.Combine(chartPath, "Chart.yaml");
        JsonArray? dependencies;
        try
        {
            var chart = ChartFileReader.Read(await File.ReadAllBytesAsync(workspace.FullPath(chartFile), cancellationToken).ConfigureAwait(false), chartFile);
            dependencies = chart.Count > 0 ? chart[0].Root["dependencies"] as JsonArray : null;
        }
        catch (ManifestFormatException e)
        {
            throw new RenderException($"Invalid Chart.yaml: {e.Message}", e.Location ?? new SourceLocation(chartFile), e);
        }

        if (dependencies is null || dependencies.Count == 0)
        {
            return;
        }

        var chartsFolder = Path.Combine(workspace.FullPath(chartPath), "charts");
        var missing = new List<(string Name, string Repository)>();
        foreach (var dependency in dependencies.OfType<JsonObject>())
        {
            var name = dependency["name"]?.GetValue<string>() ?? string.Empty;
            var repository = dependency["repository"]?.GetValue<string>() ?? string.Empty;
            if (!IsVendored(chartsFolder, name))
            {
                missing.Add((name, repository));
            }
        }

        if (missing.Count == 0)
        {
            return;
        }

        var remote = missing.Where(m => !m.Repository.StartsWith("file://", StringComparison.Ordinal)).ToList();
        foreach (var (name, repository) in missing.Except(remote))
        {
            // file:// dependencies are built from the copy, so they must stay inside the repository too.
            RenderInputs.Combine(chartPath, repository["file://".Length..], $"dependency '{name}' ({repository})");
        }

        if (remote.Count > 0 && !_settings.AllowDependencyDownload)
        {
            var list = string.Join(", ", remote.Select(m => $"'{m.Name}' from {m.Repository}"));
            throw new RenderException(
                $"Chart '{RenderInputs.Display(chartPath)}' needs {list}, not vendored in charts/. Vendor it (helm dependency build, then commit charts/) " +
                "or allow downloads with HelmRendererSettings.AllowDependencyDownload.",
                new SourceLocation(chartFile));
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

        if (!oci)
        {
            arguments.Add("--repo=" + reference.RepositoryUrl);
        }

        var secrets = new List<string>();
        if (credentials is not null)
        {
            arguments.Add("--username=" + credentials.Username);
            arguments.Add("--password=" + credentials.Password);
            secrets.Add(credentials.Password);
        }

        arguments.Add("--");
        arguments.Add(oci ? reference.RepositoryUrl.TrimEnd('/') + "/" + reference.Chart : reference.Chart);
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
