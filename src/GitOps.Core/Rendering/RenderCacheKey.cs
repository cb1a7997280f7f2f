using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace GitOps.Rendering;

/// <summary>
/// Identifies a render of a Git revision: the source, the commit SHA, the path, the renderer and a hash of the
/// options and context. Plain directories have no revision and are never cached.
/// </summary>
internal readonly record struct RenderCacheKey(string Origin, string Revision, string Path, string Renderer, string SettingsHash)
{
    private static readonly JsonSerializerOptions HashSerializerOptions = new() { WriteIndented = false };

    public static RenderCacheKey? TryCreate(RenderRequest request, string rendererName, string normalizedPath)
    {
        if (request.Source.Revision is not { } revision)
        {
            return null;
        }

        var builder = new StringBuilder();
        if (request.Options is { } options)
        {
            builder.Append(options.GetType().FullName).Append(':');
            builder.Append(JsonSerializer.Serialize(options, options.GetType(), HashSerializerOptions));
        }

        builder.Append('|').Append(JsonSerializer.Serialize(request.Context, HashSerializerOptions));
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(builder.ToString())));
        return new RenderCacheKey(request.Source.Origin, revision, normalizedPath, rendererName.ToLowerInvariant(), hash);
    }
}
