using System.Text;
using GitOps.Globbing;
using GitOps.Manifests;
using GitOps.Renderers.Common;
using GitOps.Renderers.Jsonnet;
using GitOps.Rendering;
using GitOps.Sources;
using Microsoft.Extensions.Options;

namespace GitOps.Renderers.Directory;

/// <summary>
/// Renders a folder of plain manifests the way Argo CD's repo server does: <c>*.yaml</c>, <c>*.yml</c> and
/// <c>*.json</c> files (and <c>*.jsonnet</c> through an <see cref="IJsonnetEvaluator"/>), sub-folders when
/// <see cref="DirectoryRendererOptions.Recurse"/> is set, hidden folders skipped, include and exclude globs over the
/// path relative to the application folder, a cap on the bytes read, and files in ordinal path order.
/// </summary>
public sealed class DirectoryRenderer : IManifestRenderer
{
    /// <summary>A file that contains this text is not rendered (Argo CD's marker).</summary>
    public const string SkipMarker = "+argocd:skip-file-rendering";

    private static readonly DirectoryRendererOptions DefaultOptions = new();
    private static readonly byte[] SkipMarkerUtf8 = Encoding.UTF8.GetBytes(SkipMarker);
    private readonly ManifestReader _reader;
    private readonly DirectoryRendererSettings _settings;
    private readonly IJsonnetEvaluator? _jsonnet;
    private readonly ParsedFileCache _parsed;

    /// <summary>Creates the renderer.</summary>
    /// <param name="reader">Reads the YAML and JSON files.</param>
    /// <param name="settings">Service-wide limits.</param>
    /// <param name="jsonnet">Evaluates <c>*.jsonnet</c> files; without one, such files are an error.</param>
    public DirectoryRenderer(ManifestReader reader, IOptions<DirectoryRendererSettings> settings, IJsonnetEvaluator? jsonnet = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(settings);
        _reader = reader;
        _settings = settings.Value;
        _jsonnet = jsonnet;
        _parsed = new ParsedFileCache(_settings.ParsedCacheBytes);
    }

    /// <inheritdoc />
    public string Name => RendererNames.Directory;

    /// <inheritdoc />
    public async ValueTask<RenderResult> RenderAsync(RenderRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var options = RenderInputs.Options(request, Name, DefaultOptions);

        var appPath = SourcePath.Normalize(request.Path);
        var include = Compile(options.Include, "include");
        var exclude = Compile(options.Exclude, "exclude");
        var diagnostics = new List<RenderDiagnostic>();
        var files = new List<SourceEntry>();
        CollectFiles(request.Source, appPath, appPath, options.Recurse, include, exclude, files);

        var objects = new List<ManifestObject>();
        long total = 0;
        foreach (var entry in files)
        {
            var file = entry.Path;
            cancellationToken.ThrowIfCancellationRequested();
            if (file.EndsWith(".jsonnet", StringComparison.Ordinal))
            {
                var program = await ReadAsync(request.Source, file, diagnostics, cancellationToken).ConfigureAwait(false);
                if (program is not null && !ContainsSkipMarker(program))
                {
                    objects.AddRange(await EvaluateJsonnetAsync(request.Source, file, appPath, options.Jsonnet, cancellationToken).ConfigureAwait(false));
                }

                continue;
            }

            // A file unchanged since an earlier revision (same content id) is not read or parsed again.
            var contentId = _parsed.IsEnabled ? entry.ContentId ?? request.Source.GetContentId(file) : null;
            ParsedFile? parsed;
            if (contentId is null)
            {
                parsed = await ReadAndParseAsync(request.Source, appPath, file, total, diagnostics, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                var (cached, claim) = await _parsed.GetOrClaimAsync(request.Source.Origin, contentId, file, cancellationToken).ConfigureAwait(false);
                parsed = cached;
                if (parsed is null)
                {
                    ParsedFile? reusable = null;
                    try
                    {
                        var warnings = diagnostics.Count;
                        parsed = await ReadAndParseAsync(request.Source, appPath, file, total, diagnostics, cancellationToken).ConfigureAwait(false);
                        // A file that gave a warning is parsed again next time, so that every render reports it.
                        reusable = diagnostics.Count == warnings ? parsed : null;
                    }
                    finally
                    {
                        _parsed.Complete(claim, reusable);
                    }
                }
            }

            if (parsed is { Skipped: false })
            {
                total = CheckTotal(appPath, file, total + parsed.Length);
                objects.AddRange(parsed.Objects);
            }
        }

        return new RenderResult(Name, objects, diagnostics);
    }

    /// <summary>Reads and parses one YAML or JSON file; <see langword="null"/> when it could not be read (a warning says why).</summary>
    private async ValueTask<ParsedFile?> ReadAndParseAsync(
        ISourceTree source, string appPath, string file, long total, List<RenderDiagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var content = await ReadAsync(source, file, diagnostics, cancellationToken).ConfigureAwait(false);
        if (content is null)
        {
            return null;
        }

        if (ContainsSkipMarker(content))
        {
            return new ParsedFile(content.Length, Skipped: true, []);
        }

        // The limit is checked before parsing, so that an oversized application fails on size, not on a bad file.
        CheckTotal(appPath, file, total + content.Length);
        return new ParsedFile(content.Length, Skipped: false, Parse(file, content, diagnostics));
    }

    private long CheckTotal(string appPath, string file, long total) =>
        _settings.MaxTotalBytes > 0 && total > _settings.MaxTotalBytes
            ? throw new RenderException(
                $"The manifests of '{Display(appPath)}' exceed the limit of {_settings.MaxTotalBytes} bytes " +
                $"(reached at '{file}'); raise DirectoryRendererSettings.MaxTotalBytes or narrow the application with include/exclude.",
                new SourceLocation(file))
            : total;

    private static GlobPattern? Compile(string? pattern, string field)
    {
        if (string.IsNullOrEmpty(pattern))
        {
            return null;
        }

        try
        {
            return GlobPattern.Parse(pattern);
        }
        catch (FormatException e)
        {
            throw new RenderException($"Invalid directory {field} pattern: {e.Message}", e);
        }
    }

    private static void CollectFiles(
        ISourceTree source, string appPath, string directory, bool recurse, GlobPattern? include, GlobPattern? exclude, List<SourceEntry> files)
    {
        IReadOnlyList<SourceEntry> entries;
        try
        {
            entries = source.ListDirectory(directory);
        }
        catch (SourcePathException e)
        {
            throw new RenderException($"Cannot read application folder '{Display(directory)}': {e.Message}", e);
        }

        foreach (var entry in entries)
        {
            switch (entry.Kind)
            {
                case SourceEntryKind.Directory:
                    // Hidden folders (.git, .github, editor state) never hold the application's manifests.
                    if (recurse && !entry.Name.StartsWith('.'))
                    {
                        CollectFiles(source, appPath, entry.Path, recurse, include, exclude, files);
                    }

                    break;
                case SourceEntryKind.File or SourceEntryKind.Symlink when IsManifestFile(entry.Path):
                    var relative = appPath.Length == 0 ? entry.Path : entry.Path[(appPath.Length + 1)..];
                    if (exclude?.IsMatch(relative) == true || (include is not null && !include.IsMatch(relative)))
                    {
                        break;
                    }

                    files.Add(entry);
                    break;
            }
        }
    }

    // By the path, which ends as the name does: Name makes a string.
    private static bool IsManifestFile(string path) =>
        path.EndsWith(".yaml", StringComparison.Ordinal) || path.EndsWith(".yml", StringComparison.Ordinal) ||
        path.EndsWith(".json", StringComparison.Ordinal) || path.EndsWith(".jsonnet", StringComparison.Ordinal);

    private static async ValueTask<byte[]?> ReadAsync(
        ISourceTree source, string file, List<RenderDiagnostic> diagnostics, CancellationToken cancellationToken)
    {
        try
        {
            return await source.ReadFileAsync(file, cancellationToken).ConfigureAwait(false);
        }
        catch (SourcePathException e) when (e.Error is SourcePathError.NotFound or SourcePathError.NotAFile)
        {
            // A dangling link, or a link to a folder, is skipped as Argo CD skips it; a link leaving the repository is not.
            diagnostics.Add(new RenderDiagnostic(RenderDiagnosticSeverity.Warning, $"Skipped '{file}': {e.Message}", new SourceLocation(file)));
            return null;
        }
        catch (SourcePathException e)
        {
            throw new RenderException($"Cannot read '{file}': {e.Message}", new SourceLocation(file), e);
        }
    }

    private static bool ContainsSkipMarker(byte[] content) =>
        content.AsSpan().IndexOf(SkipMarkerUtf8) >= 0;

    private IReadOnlyList<ManifestObject> Parse(string file, byte[] content, List<RenderDiagnostic> diagnostics)
    {
        try
        {
            return _reader.Read(content, file);
        }
        catch (ManifestFormatException e)
        {
            // Argo CD's rule: a file that does not look like a Kubernetes manifest (a values file, say) is ignored;
            // one that does is an error, so a typo never drops resources silently.
            var text = Encoding.UTF8.GetString(content);
            if (text.Contains("apiVersion:", StringComparison.Ordinal) && text.Contains("kind:", StringComparison.Ordinal) &&
                text.Contains("metadata:", StringComparison.Ordinal))
            {
                throw new RenderException(e.Message, e.Location ?? new SourceLocation(file), e);
            }

            diagnostics.Add(new RenderDiagnostic(
                RenderDiagnosticSeverity.Warning, $"Skipped '{file}', which is not a Kubernetes manifest: {e.Message}", e.Location));
            return [];
        }
    }

    private async ValueTask<IReadOnlyList<ManifestObject>> EvaluateJsonnetAsync(
        ISourceTree source, string file, string appPath, JsonnetOptions options, CancellationToken cancellationToken)
    {
        if (_jsonnet is null)
        {
            throw new RenderException(
                $"'{file}' is a Jsonnet program, but no Jsonnet evaluator is registered; add the Jsonnet renderer or exclude the file.",
                new SourceLocation(file));
        }

        var result = await _jsonnet.EvaluateAsync(source, file, appPath, options, cancellationToken).ConfigureAwait(false);
        return JsonnetResults.ToObjects(_reader, result, file);
    }

    private static string Display(string path) => path.Length == 0 ? "." : path;
}
