using System.Text.Json.Nodes;

namespace GitOps.Diff;

/// <summary>
/// The comparison of one desired object with its live counterpart. Secret data is already masked in everything
/// this holds, so it is safe to show or log.
/// </summary>
public sealed class ResourceDiff
{
    internal ResourceDiff(bool modified, JsonObject? normalizedLive, JsonObject? predictedLive, IReadOnlyList<string> changedPaths, string unifiedDiff)
    {
        Modified = modified;
        NormalizedLive = normalizedLive;
        PredictedLive = predictedLive;
        ChangedPaths = changedPaths;
        UnifiedDiff = unifiedDiff;
    }

    /// <summary>Whether applying desired would change live.</summary>
    public bool Modified { get; }

    /// <summary>The live object after normalization; <see langword="null"/> when it does not exist.</summary>
    public JsonObject? NormalizedLive { get; }

    /// <summary>What live would be after desired is applied; <see langword="null"/> when desired does not exist (prune).</summary>
    public JsonObject? PredictedLive { get; }

    /// <summary>The paths that differ, such as <c>spec.replicas</c> or <c>spec.template.spec.containers[name=web].image</c>.</summary>
    public IReadOnlyList<string> ChangedPaths { get; }

    /// <summary>A unified diff of the normalized YAML, live (<c>---</c>) to predicted (<c>+++</c>); empty when not modified.</summary>
    public string UnifiedDiff { get; }
}
