using System.Text.Json;
using System.Text.Json.Nodes;
using DiffPlex.Renderer;
using GitOps.Diff.Normalizers;
using GitOps.Manifests;

namespace GitOps.Diff;

/// <summary>
/// Compares a desired object with its live counterpart in-process: both are normalized (server metadata, status,
/// Secret stringData, custom normalizers), desired is merged onto live to predict the result of an apply (two-way or
/// three-way), ignored differences are removed, and what remains is the drift, with its paths and a unified diff.
/// </summary>
/// <remarks>A pure function of its inputs: no cluster access. Safe for concurrent use.</remarks>
public sealed class ManifestDiffer
{
    private readonly IReadOnlyList<IDiffNormalizer> _normalizers;

    /// <summary>Creates a differ.</summary>
    /// <param name="normalizers">Normalizers registered for every comparison, run after the built-in ones.</param>
    public ManifestDiffer(IEnumerable<IDiffNormalizer>? normalizers = null)
    {
        _normalizers = normalizers?.ToArray() ?? [];
    }

    /// <summary>Compares one object.</summary>
    /// <param name="desired">
    /// The desired object, or <see langword="null"/> when it should not exist. With <see cref="DiffStrategy.ServerSide"/>
    /// it is the server's dry-run apply result, compared with live as it is.
    /// </param>
    /// <param name="live">The live object, or <see langword="null"/> when it does not exist.</param>
    /// <param name="options">How to compare; the defaults when <see langword="null"/>.</param>
    /// <returns>The comparison, with Secret data masked.</returns>
    public ResourceDiff Diff(ManifestObject? desired, ManifestObject? live, DiffOptions? options = null)
    {
        options ??= new DiffOptions();
        var key = (desired ?? live ?? throw new ArgumentException("Desired and live cannot both be missing.")).Key;
        if (desired is not null && live is not null && key.Namespace.Length == 0)
        {
            key = key.WithNamespace(live.Namespace);
        }

        var rules = options.IgnoreDifferences.Where(r => r.Matches(key)).ToList();
        var managers = rules.SelectMany(r => r.ManagedFieldsManagers).ToHashSet(StringComparer.Ordinal);
        var ownedByIgnoredManagers = live is null ? [] : ManagedFieldSet.Of(live.Root, managers);

        var normalizedLive = live is null ? null : Normalize(key, live.Root, options);
        JsonObject? predicted = null;
        if (desired is not null)
        {
            var normalizedDesired = Normalize(key, desired.Root, options);
            if (normalizedLive is null)
            {
                predicted = normalizedDesired;
            }
            else if (options.Strategy == DiffStrategy.ServerSide)
            {
                // The server already merged: "desired" is its dry-run result, the live object as it would be.
                predicted = normalizedDesired;
            }
            else
            {
                var lastApplied = options.Strategy == DiffStrategy.ThreeWay ? LastApplied(key, live!, options) : null;
                predicted = PredictedLive.Compute(normalizedLive, normalizedDesired, lastApplied);
            }
        }

        foreach (var side in new[] { predicted, normalizedLive })
        {
            if (side is not null)
            {
                RemoveIgnored(side, rules, ownedByIgnoredManagers);
            }
        }

        var modified = !JsonNode.DeepEquals(predicted, normalizedLive);
        var paths = modified ? ChangedPaths.Between(normalizedLive, predicted) : [];
        if (SecretMasker.IsSecret(key))
        {
            SecretMasker.Mask(normalizedLive, predicted);
        }

        var unified = modified ? Render(key, normalizedLive, predicted, options.ContextLines) : string.Empty;
        return new ResourceDiff(modified, normalizedLive, predicted, paths, unified);
    }

    private JsonObject Normalize(ResourceKey key, JsonObject source, DiffOptions options)
    {
        var copy = (JsonObject)source.DeepClone();
        MetadataNoiseNormalizer.Instance.Normalize(key, copy);
        if (!options.CompareStatus)
        {
            StatusNormalizer.Instance.Normalize(key, copy);
        }

        SecretStringDataNormalizer.Instance.Normalize(key, copy);
        foreach (var normalizer in _normalizers.Concat(options.Normalizers))
        {
            normalizer.Normalize(key, copy);
        }

        return copy;
    }

    private JsonObject? LastApplied(ResourceKey key, ManifestObject live, DiffOptions options)
    {
        if (live.GetAnnotation(MetadataNoiseNormalizer.LastAppliedAnnotation) is not { Length: > 0 } text)
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(text) is JsonObject lastApplied ? Normalize(key, lastApplied, options) : null;
        }
        catch (JsonException)
        {
            // A corrupt annotation gives no three-way information; the comparison falls back to two-way.
            return null;
        }
    }

    private static void RemoveIgnored(JsonObject side, List<IgnoreDifferencesRule> rules, List<JsonObject> ownedByIgnoredManagers)
    {
        foreach (var rule in rules)
        {
            foreach (var pointer in rule.JsonPointers)
            {
                JsonPointer.Parse(pointer).Remove(side);
            }

            foreach (var expression in rule.PathExpressions)
            {
                PathExpression.Parse(expression).Remove(side);
            }
        }

        foreach (var fieldSet in ownedByIgnoredManagers)
        {
            ManagedFieldSet.RemoveOwned(side, fieldSet);
        }
    }

    private static string Render(ResourceKey key, JsonObject? live, JsonObject? predicted, int contextLines)
    {
        var name = $"{(key.Group.Length == 0 ? string.Empty : key.Group + "/")}{key.Kind}/{(key.Namespace.Length == 0 ? string.Empty : key.Namespace + "/")}{key.Name}";
        var before = live is null ? string.Empty : ManifestWriter.Write(live);
        var after = predicted is null ? string.Empty : ManifestWriter.Write(predicted);
        return new UnidiffRenderer(contextLines: contextLines).Generate(before, after, "live/" + name, "desired/" + name);
    }
}
