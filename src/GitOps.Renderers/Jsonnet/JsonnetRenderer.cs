using GitOps.Manifests;
using GitOps.Renderers.Common;
using GitOps.Renderers.Tools;
using GitOps.Rendering;
using GitOps.Sources;

namespace GitOps.Renderers.Jsonnet;

/// <summary>
/// Renders a folder of Jsonnet programs: each <c>*.jsonnet</c> file, in ordinal path order, evaluated on one copy of
/// the repository; a result may be an object, an array or a Kubernetes List.
/// </summary>
internal sealed class JsonnetRenderer : IManifestRenderer
{
    private static readonly JsonnetRendererOptions DefaultOptions = new();
    private readonly JsonnetProgramEvaluator _evaluator;
    private readonly ManifestReader _reader;

    public JsonnetRenderer(ToolRunner runner, ToolLocator locator, ManifestReader reader, SharedTreeCopies copies)
    {
        _evaluator = new JsonnetProgramEvaluator(runner, locator, copies);
        _reader = reader;
    }

    public string Name => RendererNames.Jsonnet;

    public async ValueTask<RenderResult> RenderAsync(RenderRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var options = RenderInputs.Options(request, Name, DefaultOptions);

        string appPath;
        var files = new List<string>();
        try
        {
            appPath = SourcePath.Normalize(request.Path);
            Collect(request.Source, appPath, options.Recurse, files);
        }
        catch (SourcePathException e)
        {
            throw new RenderException($"Cannot read the Jsonnet application folder: {e.Message}", e);
        }

        var objects = new List<ManifestObject>();
        var diagnostics = new List<RenderDiagnostic>();
        if (files.Count == 0)
        {
            diagnostics.Add(new RenderDiagnostic(RenderDiagnosticSeverity.Warning, $"'{appPath}' has no *.jsonnet files.", new SourceLocation(appPath)));
            return new RenderResult(Name, objects, diagnostics);
        }

        await using var workspace = await _evaluator.CreateWorkspaceAsync(request.Source, cancellationToken).ConfigureAwait(false);
        foreach (var file in files)
        {
            var result = await _evaluator.EvaluateAsync(workspace, file, appPath, options.Jsonnet, cancellationToken).ConfigureAwait(false);
            var index = 0;
            foreach (var item in JsonnetResults.ToObjects(_reader, result, file))
            {
                objects.Add(item);
                diagnostics.Add(new RenderDiagnostic(
                    RenderDiagnosticSeverity.Info, $"{item.Kind}/{item.Name} from {file}", new SourceLocation(file, DocumentIndex: index++)));
            }
        }

        return new RenderResult(Name, objects, diagnostics);
    }

    private static void Collect(ISourceTree source, string directory, bool recurse, List<string> files)
    {
        foreach (var entry in source.ListDirectory(directory))
        {
            if (entry.Kind == SourceEntryKind.Directory)
            {
                if (recurse && !entry.Name.StartsWith('.'))
                {
                    Collect(source, entry.Path, recurse, files);
                }
            }
            else if (entry.Name.EndsWith(".jsonnet", StringComparison.Ordinal))
            {
                files.Add(entry.Path);
            }
        }
    }
}
