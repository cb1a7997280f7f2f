using GitOps.Manifests;

namespace GitOps.Tracking;

/// <summary>
/// Marks the objects an application applies and recognizes them later: an annotation naming the application and the
/// object (<see cref="AnnotationKey"/>), and optionally the <c>app.kubernetes.io/instance</c> label.
/// </summary>
public static class ResourceTracking
{
    /// <summary>The tracking annotation's key.</summary>
    public const string AnnotationKey = "gitops.dotnet/tracking-id";

    /// <summary>The instance label's key, written when label tracking is on.</summary>
    public const string InstanceLabelKey = "app.kubernetes.io/instance";

    /// <summary>Writes the tracking annotation (and optionally the instance label) onto a desired object.</summary>
    /// <param name="manifest">The object, with its final namespace.</param>
    /// <param name="application">The application's name.</param>
    /// <param name="instanceLabel">Also write the instance label.</param>
    public static void Mark(ManifestObject manifest, string application, bool instanceLabel = false)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentException.ThrowIfNullOrEmpty(application);
        manifest.SetAnnotation(AnnotationKey, new TrackingId(application, manifest.Key).ToString());
        if (instanceLabel)
        {
            manifest.SetLabel(InstanceLabelKey, application);
        }
    }

    /// <summary>The tracking id a live object carries, if any.</summary>
    /// <param name="live">The object.</param>
    public static TrackingId? Read(ManifestObject live)
    {
        ArgumentNullException.ThrowIfNull(live);
        return TrackingId.TryParse(live.GetAnnotation(AnnotationKey));
    }

    /// <summary>
    /// Whether a live object belongs to an application: its annotation names the application and the object itself.
    /// A copy, whose annotation names another object, never belongs.
    /// </summary>
    /// <param name="live">The object.</param>
    /// <param name="application">The application's name.</param>
    public static bool IsTrackedBy(ManifestObject live, string application)
    {
        var id = Read(live);
        return id is not null && string.Equals(id.Application, application, StringComparison.Ordinal) && id.Key == live.Key;
    }
}
