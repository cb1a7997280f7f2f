using GitOps.Rendering;
using GitOps.Sources;

namespace GitOps.Renderers.Common;

/// <summary>Checks shared by the renderers: options of the right type, and paths that stay inside the repository.</summary>
internal static class RenderInputs
{
    /// <summary>The request's options as <typeparamref name="TOptions"/>, or the defaults when none are given.</summary>
    /// <exception cref="RenderException">The options belong to another renderer.</exception>
    public static TOptions Options<TOptions>(RenderRequest request, string rendererName, TOptions defaults)
        where TOptions : RendererOptions => request.Options switch
        {
            null => defaults,
            TOptions options => options,
            var other => throw new RenderException($"The {rendererName} renderer was given options of the '{other.RendererName}' renderer."),
        };

    /// <summary>Normalizes a repository path.</summary>
    /// <exception cref="RenderException">The path is absolute or leaves the repository; the message names <paramref name="what"/>.</exception>
    public static string Normalize(string path, string what)
    {
        try
        {
            return SourcePath.Normalize(path);
        }
        catch (SourcePathException e)
        {
            throw new RenderException($"Invalid {what}: {e.Message}", e);
        }
    }

    /// <summary>Resolves a path relative to a folder of the repository.</summary>
    /// <exception cref="RenderException">The result is absolute or leaves the repository.</exception>
    public static string Combine(string directory, string relative, string what)
    {
        try
        {
            return SourcePath.Combine(directory, relative);
        }
        catch (SourcePathException e)
        {
            throw new RenderException($"Invalid {what}: {e.Message}", e);
        }
    }

    /// <summary>Shows the root as <c>.</c>.</summary>
    public static string Display(string path) => path.Length == 0 ? "." : path;
}
