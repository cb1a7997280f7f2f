using GitOps.Applications;
using GitOps.Reconcile;
using GitOps.Rendering;

namespace GitOps.Renderers.Directory;

// Maps spec.source.directory to the directory renderer's options; sources with helm or kustomize settings are left
// to the mappers of those renderers.
internal sealed class DirectoryRendererOptionsMapper : IRendererOptionsMapper
{
    public RendererOptions? Map(Application application, ApplicationSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (source.Directory is not { } directory)
        {
            return null;
        }

        return new DirectoryRendererOptions
        {
            Recurse = directory.Recurse,
            Include = directory.Include,
            Exclude = directory.Exclude,
            Jsonnet = directory.Jsonnet is not { } jsonnet ? new JsonnetOptions() : new JsonnetOptions
            {
                ExtVars = [.. jsonnet.ExtVars],
                TopLevelArguments = [.. jsonnet.TopLevelArguments],
                LibraryPaths = [.. jsonnet.Libraries],
            },
        };
    }
}
