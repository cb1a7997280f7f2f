using System.Globalization;
using GitOps.Manifests;

namespace GitOps.Sync;

/// <summary>
/// The sync annotations of an object: our own keys (<c>gitops.dotnet/…</c>) and Argo CD's
/// (<c>argocd.argoproj.io/…</c>) alike, with Helm's hook annotations mapped the way Argo CD maps them.
/// </summary>
public static class SyncAnnotations
{
    /// <summary>The wave annotation (an integer, negative allowed, default 0).</summary>
    public const string SyncWave = "gitops.dotnet/sync-wave";

    /// <summary>The hook annotation (comma-separated PreSync, Sync, PostSync, SyncFail, Skip).</summary>
    public const string Hook = "gitops.dotnet/hook";

    /// <summary>The hook delete policy annotation (comma-separated HookSucceeded, HookFailed, BeforeHookCreation).</summary>
    public const string HookDeletePolicy = "gitops.dotnet/hook-delete-policy";

    /// <summary>The per-object sync options annotation (comma-separated, such as <c>Prune=false,PruneLast=true</c>).</summary>
    public const string SyncOptions = "gitops.dotnet/sync-options";

    private const string ArgoPrefix = "argocd.argoproj.io/";

    /// <summary>The object's wave: the wave annotation, else (for Helm hooks) the hook weight, else 0.</summary>
    /// <param name="manifest">The object.</param>
    /// <exception cref="FormatException">The annotation is not an integer; the message names the object.</exception>
    public static int Wave(ManifestObject manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var text = Get(manifest, SyncWave) ?? (Hooks(manifest).Count > 0 ? manifest.GetAnnotation("helm.sh/hook-weight") : null);
        if (text is null)
        {
            return 0;
        }

        return int.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var wave)
            ? wave
            : throw new FormatException($"{manifest}: sync wave '{text}' is not an integer.");
    }

    /// <summary>
    /// The hook phases of an object; empty for an ordinary object. <c>Skip</c> is returned as an empty set with
    /// <see cref="IsSkipped"/> true. Helm's annotations count only when no Argo-style hook annotation is present.
    /// </summary>
    /// <param name="manifest">The object.</param>
    public static IReadOnlySet<SyncPhase> Hooks(ManifestObject manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var phases = new HashSet<SyncPhase>();
        if (Get(manifest, Hook) is { } hook)
        {
            foreach (var value in Split(hook))
            {
                if (Enum.TryParse<SyncPhase>(value, ignoreCase: false, out var phase))
                {
                    phases.Add(phase);
                }
            }

            return phases;
        }

        if (manifest.GetAnnotation("helm.sh/hook") is { } helm)
        {
            foreach (var value in Split(helm))
            {
                switch (value)
                {
                    case "pre-install" or "pre-upgrade":
                        phases.Add(SyncPhase.PreSync);
                        break;
                    case "post-install" or "post-upgrade":
                        phases.Add(SyncPhase.PostSync);
                        break;
                }
            }
        }

        return phases;
    }

    /// <summary>Whether the object is a hook of type Skip (never applied), or a Helm hook Argo CD does not run.</summary>
    /// <param name="manifest">The object.</param>
    public static bool IsSkipped(ManifestObject manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        if (Get(manifest, Hook) is { } hook)
        {
            return Split(hook).Contains("Skip");
        }

        // Helm hooks with no Argo CD mapping (tests, rollbacks, deletes) are not part of a sync.
        return manifest.GetAnnotation("helm.sh/hook") is { } helm && Hooks(manifest).Count == 0 && !Split(helm).Contains("crd-install");
    }

    /// <summary>The hook's delete policies; <see cref="Sync.HookDeletePolicy.BeforeHookCreation"/> when none is given.</summary>
    /// <param name="manifest">The hook object.</param>
    public static HookDeletePolicy DeletePolicy(ManifestObject manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var policy = Sync.HookDeletePolicy.None;
        if (Get(manifest, HookDeletePolicy) is { } text)
        {
            foreach (var value in Split(text))
            {
                if (Enum.TryParse<HookDeletePolicy>(value, ignoreCase: false, out var parsed))
                {
                    policy |= parsed;
                }
            }
        }
        else if (manifest.GetAnnotation("helm.sh/hook-delete-policy") is { } helm)
        {
            foreach (var value in Split(helm))
            {
                policy |= value switch
                {
                    "hook-succeeded" => Sync.HookDeletePolicy.HookSucceeded,
                    "hook-failed" => Sync.HookDeletePolicy.HookFailed,
                    "before-hook-creation" => Sync.HookDeletePolicy.BeforeHookCreation,
                    _ => Sync.HookDeletePolicy.None,
                };
            }
        }

        return policy == Sync.HookDeletePolicy.None ? Sync.HookDeletePolicy.BeforeHookCreation : policy;
    }

    /// <summary>Whether the object's sync options include an option, such as <c>Prune=false</c>.</summary>
    /// <param name="manifest">The object.</param>
    /// <param name="option">The option, as written.</param>
    public static bool HasOption(ManifestObject? manifest, string option) =>
        manifest is not null && Get(manifest, SyncOptions) is { } text && Split(text).Contains(option, StringComparer.Ordinal);

    // Helm's resource-policy "keep" means never delete.
    internal static bool KeepOnPrune(ManifestObject live) =>
        HasOption(live, "Prune=false") || live.GetAnnotation("helm.sh/resource-policy") == "keep";

    private static string? Get(ManifestObject manifest, string key) =>
        manifest.GetAnnotation(key) ?? manifest.GetAnnotation(ArgoPrefix + key[(key.IndexOf('/', StringComparison.Ordinal) + 1)..]);

    private static string[] Split(string text) => text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
}
