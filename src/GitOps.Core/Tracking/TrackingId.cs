using GitOps.Manifests;

namespace GitOps.Tracking;

/// <summary>
/// The value of the tracking annotation: the application that owns an object and the object's own identity, in
/// Argo CD's format <c>app:group/Kind:namespace/name</c>. Naming the object itself tells an object we applied from a
/// copy of it (a controller that copies a Secret copies its annotations too).
/// </summary>
/// <param name="Application">The owning application's name.</param>
/// <param name="Key">The object the annotation was written for.</param>
public sealed record TrackingId(string Application, ResourceKey Key)
{
    /// <summary>Formats the annotation value.</summary>
    public override string ToString() => $"{Application}:{Key.Group}/{Key.Kind}:{Key.Namespace}/{Key.Name}";

    /// <summary>Parses an annotation value; <see langword="null"/> when it is not in the format.</summary>
    /// <param name="value">The annotation value.</param>
    public static TrackingId? TryParse(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        // app:group/Kind:namespace/name — the application name cannot contain ':'; group, kind and names cannot either.
        var parts = value.Split(':');
        if (parts.Length != 3 || parts[0].Length == 0)
        {
            return null;
        }

        var groupKind = parts[1].Split('/');
        var namespaceName = parts[2].Split('/');
        if (groupKind.Length != 2 || namespaceName.Length != 2 || groupKind[1].Length == 0 || namespaceName[1].Length == 0)
        {
            return null;
        }

        return new TrackingId(parts[0], new ResourceKey(groupKind[0], groupKind[1], namespaceName[0], namespaceName[1]));
    }
}
