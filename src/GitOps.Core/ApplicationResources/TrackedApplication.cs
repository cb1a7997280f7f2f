using System.Globalization;
using System.Text.Json.Nodes;
using GitOps.Cluster;

namespace GitOps.ApplicationResources;

// What the status store knows of one Application resource: where it is, its spec (for comparedTo and history
// sources) and its status as last seen in the cluster, which decides whether a new status is worth a write.
internal sealed class TrackedApplication(ApiResource resource, ApplicationResourceReference reference, JsonObject? spec, JsonObject? liveStatus)
{
    private readonly Lock _gate = new();

    public ApiResource Resource { get; } = resource;

    // Serializes this application's writes.
    public SemaphoreSlim Writing { get; } = new(1, 1);

    public ApplicationResourceReference Reference { get; private set; } = reference;

    public JsonObject? Spec { get; private set; } = spec;

    public JsonObject? LiveStatus { get; private set; } = liveStatus;

    public string? RunningOperationId { get; set; }

    public string? CompletedOperationId { get; set; }

    // Takes what the cluster says unless it is older than what we know (a watch event can trail our own write's answer).
    public void Observe(ApplicationResourceReference reference, JsonObject? spec, JsonObject? status)
    {
        lock (_gate)
        {
            if (reference.Uid == Reference.Uid && !IsNewer(reference.ResourceVersion, Reference.ResourceVersion))
            {
                return;
            }

            Reference = reference;
            Spec = (JsonObject?)spec?.DeepClone() ?? Spec;
            LiveStatus = (JsonObject?)status?.DeepClone();
        }
    }

    // Resource versions are opaque, but servers issue increasing integers; when they are not, the candidate is taken as newer.
    private static bool IsNewer(string candidate, string known) =>
        !long.TryParse(candidate, CultureInfo.InvariantCulture, out var c) || !long.TryParse(known, CultureInfo.InvariantCulture, out var k) || c > k;
}
