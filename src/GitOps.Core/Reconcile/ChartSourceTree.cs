using GitOps.Applications;
using GitOps.Sources;
using GitOps.Versioning;

namespace GitOps.Reconcile;

// The "tree" of a source whose chart comes from a Helm chart repository (spec.source.chart): no files, since the
// renderer pulls the chart itself. An exact chart version is the revision, as Argo CD records it, so an unchanged
// version is neither rendered nor pulled again; a range or the latest version has no revision and renders each time.
internal sealed class ChartSourceTree : ISourceTree
{
    private ChartSourceTree(string origin, string? revision)
    {
        Origin = origin;
        Revision = revision;
    }

    public string Origin { get; }

    public string? Revision { get; }

    public static ChartSourceTree For(ApplicationSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var version = source.TargetRevision.Trim();
        return new ChartSourceTree($"helm:{source.RepoUrl.TrimEnd('/')}/{source.Chart}", IsExactVersion(version) ? version : null);
    }

    public static bool IsExactVersion(string targetRevision) => SemVersion.TryParse(targetRevision.Trim().TrimStart('v'), out _);

    public SourceEntry? GetEntry(string path) =>
        SourcePath.Normalize(path).Length == 0 ? new SourceEntry(string.Empty, SourceEntryKind.Directory, 0) : null;

    public IReadOnlyList<SourceEntry> ListDirectory(string path) =>
        SourcePath.Normalize(path).Length == 0 ? [] : throw new SourcePathException(SourcePathError.NotFound, $"'{path}' does not exist: a chart repository source has no files");

    public ValueTask<byte[]> ReadFileAsync(string path, CancellationToken cancellationToken = default) =>
        throw new SourcePathException(SourcePathError.NotFound, $"'{path}' does not exist: a chart repository source has no files");
}
