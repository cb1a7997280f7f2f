using System.Text.Json.Nodes;
using GitOps.Manifests;

namespace GitOps.Health;

/// <summary>The annotations and finalizers that change how health is assessed or aggregated.</summary>
public static class HealthAnnotations
{
    /// <summary>
    /// <c>"true"</c> leaves the object out of application health. This SDK's own key; <see cref="ArgoIgnoreHealthCheck"/>
    /// is honoured too, so manifests written for Argo CD keep working.
    /// </summary>
    public const string IgnoreHealthCheck = "gitops.dotnet/ignore-healthcheck";

    /// <summary>Argo CD's key with the meaning of <see cref="IgnoreHealthCheck"/>.</summary>
    public const string ArgoIgnoreHealthCheck = "argocd.argoproj.io/ignore-healthcheck";

    /// <summary>
    /// <c>"true"</c> on a Pod that is not a hook makes a Pod with restart policy Never or OnFailure be assessed like a
    /// long-running Pod (Argo CD's annotation).
    /// </summary>
    public const string IgnoreRestartPolicy = "argocd.argoproj.io/ignore-restart-policy";

    /// <summary>Argo CD's hook annotation, such as <c>PreSync</c> or <c>PostSync</c>.</summary>
    public const string ArgoHook = "argocd.argoproj.io/hook";

    /// <summary>Helm's hook annotation, such as <c>pre-install</c>.</summary>
    public const string HelmHook = "helm.sh/hook";

    /// <summary>
    /// The finalizer Argo CD puts on running hooks. An object being deleted that still carries it is assessed normally
    /// instead of as "Pending deletion", so the hook's outcome stays visible.
    /// </summary>
    public const string HookFinalizer = "argocd.argoproj.io/hook-finalizer";

    /// <summary>
    /// Whether the object is a sync hook by its annotations: an Argo CD hook annotation naming a hook phase other than
    /// only <c>Skip</c>, or, without one, a Helm hook annotation other than <c>crd-install</c> (Helm marks CRDs with it,
    /// yet they are not hooks). Same rules as Argo CD.
    /// </summary>
    /// <param name="obj">The object.</param>
    public static bool IsHook(ManifestObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var argo = obj.GetAnnotation(ArgoHook);
        if (argo is not null)
        {
            var known = 0;
            var skip = false;
            foreach (var range in argo.AsSpan().Split(','))
            {
                var phase = argo.AsSpan()[range].Trim();
                if (phase is "PreSync" or "Sync" or "PostSync" or "SyncFail" or "Skip")
                {
                    known++;
                    skip |= phase is "Skip";
                }
            }

            // Only an annotation naming Skip and no other known phase marks a plain resource, not a hook.
            return !(skip && known == 1);
        }

        var helm = obj.GetAnnotation(HelmHook);
        return helm is not null && helm != "crd-install";
    }

    /// <summary>Whether either ignore-healthcheck annotation is <c>"true"</c>.</summary>
    /// <param name="obj">The object.</param>
    public static bool IgnoresHealthCheck(ManifestObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        return obj.GetAnnotation(IgnoreHealthCheck) == "true" || obj.GetAnnotation(ArgoIgnoreHealthCheck) == "true";
    }

    /// <summary>Whether the object carries <see cref="HookFinalizer"/>.</summary>
    internal static bool HasHookFinalizer(ManifestObject obj)
    {
        if (obj.Metadata?["finalizers"] is not JsonArray finalizers)
        {
            return false;
        }

        for (var i = 0; i < finalizers.Count; i++)
        {
            var finalizer = finalizers[i];
            if (JsonFields.StringEquals(finalizer, HookFinalizer))
            {
                return true;
            }
        }

        return false;
    }
}
