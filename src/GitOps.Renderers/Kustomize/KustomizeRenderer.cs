using GitOps.Manifests;
using GitOps.Renderers.Common;
using GitOps.Renderers.Tools;
using GitOps.Rendering;
using GitOps.Sources;

namespace GitOps.Renderers.Kustomize;

/// <summary>
/// Builds kustomizations with <c>kubectl kustomize</c> (or a configured <c>kustomize build</c>) on a copy of the
/// repository, after writing Argo CD-style overrides into the copy's kustomization.
/// </summary>
internal sealed class KustomizeRenderer : IManifestRenderer
{
    private static readonly KustomizeRendererOptions DefaultOptions = new();
    private static readonly string[] KustomizationNames = ["kustomization.yaml", "kustomization.yml", "Kustomization"];
    private static readonly ManifestReader KustomizationReader = new(new ManifestReaderOptions { RequireObjectIdentity = false });
    private readonly ToolRunner _runner;
    private readonly ToolLocator _locator;
    private readonly ManifestReader _reader;
    private readonly SharedTreeCopies _copies;

    public KustomizeRenderer(ToolRunner runner, ToolLocator locator, ManifestReader reader, SharedTreeCopies copies)
    {
        _runner = runner;
        _locator = locator;
        _reader = reader;
        _copies = copies;
    }

    public string Name => RendererNames.Kustomize;

    public async ValueTask<RenderResult> RenderAsync(RenderRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var options = RenderInputs.Options(request, Name, DefaultOptions);
        var appPath = RenderInputs.Normalize(request.Path, "application path");

        var standalone = _locator.UsesStandaloneKustomize;
        var tool = await _locator.LocateAsync(standalone ? ExternalTool.Kustomize : ExternalTool.Kubectl, cancellationToken).ConfigureAwait(false);
        var edits = KustomizationEditor.HasOverrides(options);
        // Overrides rewrite the application's kustomization: its folder is private, the rest links to the commit's
        // shared copy. helmCharts are pulled beside whichever kustomization declares them (often a base reached
        // through ../), so --enable-helm renders get a whole private copy. Every other render reads the shared copy.
        await using var workspace = options.EnableHelm
            ? await ToolWorkspace.CreateAsync(request.Source, cancellationToken).ConfigureAwait(false)
            : edits
                ? await ToolWorkspace.CreatePrivateFolderAsync(_copies, request.Source, appPath, cancellationToken).ConfigureAwait(false)
                : await ToolWorkspace.CreateSharedAsync(_copies, request.Source, cancellationToken).ConfigureAwait(false);
        var folder = workspace.FullPath(appPath);
        var kustomizationName = System.IO.Directory.Exists(folder)
            ? KustomizationNames.FirstOrDefault(n => File.Exists(Path.Combine(folder, n)))
            : null;
        if (kustomizationName is null)
        {
            throw new RenderException($"'{RenderInputs.Display(appPath)}' has no kustomization.yaml, kustomization.yml or Kustomization file.", new SourceLocation(appPath));
        }

        var kustomizationPath = SourcePath.Combine(appPath, kustomizationName);
        if (edits)
        {
            await EditAsync(workspace, kustomizationPath, options, appPath, cancellationToken).ConfigureAwait(false);
        }

        var arguments = new List<string>(standalone ? ["build"] : ["kustomize"]);
        if (options.EnableHelm)
        {
            var helm = await _locator.LocateAsync(ExternalTool.Helm, cancellationToken).ConfigureAwait(false);
            arguments.Add("--enable-helm");
            arguments.Add("--helm-command=" + helm.Path);
            if (!string.IsNullOrEmpty(request.Context.KubeVersion))
            {
                arguments.Add("--helm-kube-version=" + request.Context.KubeVersion);
            }

            foreach (var apiVersion in request.Context.ApiVersions)
            {
                arguments.Add("--helm-api-versions=" + apiVersion);
            }
        }

        if (options.LoadRestrictor == KustomizeLoadRestrictor.None)
        {
            arguments.Add("--load-restrictor=LoadRestrictionsNone");
        }

        arguments.Add("--");
        arguments.Add(folder);
        var result = await _runner.RunAsync(
            new ToolCommand(tool.Tool, tool.Path, arguments, workspace.WorkDirectory) { Environment = workspace.ToolEnvironment() }, cancellationToken).ConfigureAwait(false);
        var producer = $"kustomize build {RenderInputs.Display(appPath)}";
        if (result.ExitCode != 0 && options.EnableHelm && result.Stderr.Contains("helm version -c", StringComparison.Ordinal))
        {
            // kustomize before Helm 4 support probes helm with "version -c", a flag Helm 4 removed.
            throw new RenderException(
                $"{producer} failed: this kustomize ({RenderInputs.Display(tool.Path)} {tool.Version}) cannot drive Helm 4 for helmCharts " +
                "(it runs 'helm version -c'). Set ExternalToolSettings.HelmPath to a Helm 3 program, or KustomizePath to a kustomize that supports Helm 4.",
                new SourceLocation(kustomizationPath));
        }

        if (result.ExitCode != 0)
        {
            throw ToolErrors.Failed(tool.Tool, producer, result, workspace, file => MapFile(workspace, appPath, file), new SourceLocation(kustomizationPath));
        }

        var objects = new List<ManifestObject>();
        var diagnostics = new List<RenderDiagnostic>();
        ToolOutput.Read(_reader, result.Stdout, producer, file => file, objects, diagnostics);
        return new RenderResult(Name, objects, diagnostics);
    }

    private static async Task EditAsync(
        ToolWorkspace workspace, string kustomizationPath, KustomizeRendererOptions options, string appPath, CancellationToken cancellationToken)
    {
        var full = workspace.FullPath(kustomizationPath);
        IReadOnlyList<ManifestObject> documents;
        try
        {
            documents = KustomizationReader.Read(await File.ReadAllBytesAsync(full, cancellationToken).ConfigureAwait(false), kustomizationPath);
        }
        catch (ManifestFormatException e)
        {
            throw new RenderException($"Invalid kustomization: {e.Message}", e.Location ?? new SourceLocation(kustomizationPath), e);
        }

        var kustomization = documents.Count > 0 ? documents[0].Root : new System.Text.Json.Nodes.JsonObject();
        KustomizationEditor.Apply(kustomization, options, appPath);

        // JSON is YAML: the edited copy is written as JSON under the same name, as a new file, never through a link.
        File.Delete(full);
        await File.WriteAllTextAsync(full, kustomization.ToJsonString(), cancellationToken).ConfigureAwait(false);
    }

    // kustomize names files relative to the kustomization that loads them ("in File: cm.yaml").
    private static string MapFile(ToolWorkspace workspace, string appPath, string file)
    {
        if (workspace.ToRepositoryPath(file) is { } inside)
        {
            return inside;
        }

        try
        {
            var candidate = SourcePath.Combine(appPath, file);
            return File.Exists(workspace.FullPath(candidate)) ? candidate : file;
        }
        catch (SourcePathException)
        {
            return file;
        }
    }
}
