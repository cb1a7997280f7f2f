using System.Text.Json.Nodes;
using GitOps.Rendering;
using GitOps.Sources;

namespace GitOps.Renderers.Kustomize;

/// <summary>
/// Applies Argo CD-style overrides to a parsed kustomization, with the effect of Argo CD's <c>kustomize edit set|add</c>
/// calls: prefix, suffix and namespace replaced; images and replicas merged by name; labels and annotations merged;
/// components and patches appended.
/// </summary>
internal static class KustomizationEditor
{
    public static bool HasOverrides(KustomizeRendererOptions options) =>
        options.NamePrefix is not null || options.NameSuffix is not null || options.Namespace is not null ||
        options.Images.Count > 0 || options.Replicas.Count > 0 || options.CommonLabels.Count > 0 ||
        options.CommonAnnotations.Count > 0 || options.Components.Count > 0 || options.Patches.Count > 0;

    /// <summary>Edits the kustomization in place.</summary>
    /// <param name="kustomization">The kustomization's content.</param>
    /// <param name="options">The overrides.</param>
    /// <param name="appPath">The application folder, against which paths are checked.</param>
    /// <exception cref="RenderException">An override is malformed or a path leaves the repository.</exception>
    public static void Apply(JsonObject kustomization, KustomizeRendererOptions options, string appPath)
    {
        if (options.NamePrefix is not null)
        {
            kustomization["namePrefix"] = options.NamePrefix;
        }

        if (options.NameSuffix is not null)
        {
            kustomization["nameSuffix"] = options.NameSuffix;
        }

        if (options.Namespace is not null)
        {
            kustomization["namespace"] = options.Namespace;
        }

        foreach (var image in options.Images)
        {
            var parsed = ParseImage(image);
            MergeByName(List(kustomization, "images"), parsed);
        }

        foreach (var replica in options.Replicas)
        {
            if (string.IsNullOrWhiteSpace(replica.Name) || replica.Count < 0)
            {
                throw new RenderException($"Kustomize replica override '{replica.Name}={replica.Count}' needs a name and a count of 0 or more.");
            }

            MergeByName(List(kustomization, "replicas"), new JsonObject { ["name"] = replica.Name, ["count"] = replica.Count });
        }

        Merge(kustomization, "commonLabels", options.CommonLabels);
        Merge(kustomization, "commonAnnotations", options.CommonAnnotations);

        foreach (var component in options.Components)
        {
            Check(appPath, component, $"component '{component}'");
            List(kustomization, "components").Add(component);
        }

        foreach (var patch in options.Patches)
        {
            List(kustomization, "patches").Add(ToNode(patch, appPath));
        }
    }

    /// <summary>Parses <c>[name=]newName[:tag|@digest]</c>.</summary>
    internal static JsonObject ParseImage(string image)
    {
        if (string.IsNullOrWhiteSpace(image))
        {
            throw new RenderException("A Kustomize image override is empty.");
        }

        var equals = image.IndexOf('=', StringComparison.Ordinal);
        var name = equals < 0 ? null : image[..equals];
        var reference = equals < 0 ? image : image[(equals + 1)..];
        string? digest = null;
        string? tag = null;
        var at = reference.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            digest = reference[(at + 1)..];
            reference = reference[..at];
        }
        else
        {
            var colon = reference.LastIndexOf(':');
            if (colon > reference.LastIndexOf('/'))
            {
                tag = reference[(colon + 1)..];
                reference = reference[..colon];
            }
        }

        if (reference.Length == 0 || (name is not null && name.Length == 0))
        {
            throw new RenderException($"Kustomize image override '{image}' is not [name=]newName[:tag|@digest].");
        }

        var node = new JsonObject { ["name"] = name ?? reference };
        if (name is not null && name != reference)
        {
            node["newName"] = reference;
        }

        if (tag is not null)
        {
            node["newTag"] = tag;
        }

        if (digest is not null)
        {
            node["digest"] = digest;
        }

        return node;
    }

    private static JsonObject ToNode(KustomizePatch patch, string appPath)
    {
        if ((patch.Patch is null) == (patch.Path is null))
        {
            throw new RenderException("A Kustomize patch needs exactly one of Patch (inline text) or Path (a file).");
        }

        var node = new JsonObject();
        if (patch.Path is not null)
        {
            Check(appPath, patch.Path, $"patch file '{patch.Path}'");
            node["path"] = patch.Path;
        }
        else
        {
            node["patch"] = patch.Patch;
        }

        if (patch.Target is { } target)
        {
            var selector = new JsonObject();
            Add(selector, "group", target.Group);
            Add(selector, "version", target.Version);
            Add(selector, "kind", target.Kind);
            Add(selector, "name", target.Name);
            Add(selector, "namespace", target.Namespace);
            Add(selector, "labelSelector", target.LabelSelector);
            Add(selector, "annotationSelector", target.AnnotationSelector);
            node["target"] = selector;
        }

        return node;
    }

    private static void Add(JsonObject node, string name, string? value)
    {
        if (value is not null)
        {
            node[name] = value;
        }
    }

    private static void Check(string appPath, string relative, string what)
    {
        try
        {
            SourcePath.Combine(appPath, relative);
        }
        catch (SourcePathException e)
        {
            throw new RenderException($"Invalid Kustomize {what}: {e.Message}", e);
        }
    }

    private static JsonArray List(JsonObject kustomization, string field)
    {
        if (kustomization[field] is JsonArray existing)
        {
            return existing;
        }

        var created = new JsonArray();
        kustomization[field] = created;
        return created;
    }

    private static void MergeByName(JsonArray list, JsonObject entry)
    {
        var name = entry["name"]!.GetValue<string>();
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] is JsonObject item && item["name"]?.GetValue<string>() == name)
            {
                list[i] = entry;
                return;
            }
        }

        list.Add(entry);
    }

    private static void Merge(JsonObject kustomization, string field, IDictionary<string, string> values)
    {
        if (values.Count == 0)
        {
            return;
        }

        if (kustomization[field] is not JsonObject map)
        {
            map = new JsonObject();
            kustomization[field] = map;
        }

        foreach (var (key, value) in values)
        {
            map[key] = value;
        }
    }
}
