using GitOps.Manifests;

namespace GitOps.Comparison;

/// <summary>
/// The per-object compare options annotation: <c>gitops.dotnet/compare-options</c>, or Argo CD's
/// <c>argocd.argoproj.io/compare-options</c>, holding comma-separated options such as <c>IgnoreExtraneous</c>.
/// </summary>
public static class CompareOptionsAnnotation
{
    /// <summary>Our annotation key.</summary>
    public const string Key = "gitops.dotnet/compare-options";

    /// <summary>Argo CD's annotation key, honoured too.</summary>
    public const string ArgoCdKey = "argocd.argoproj.io/compare-options";

    /// <summary>Whether an object carries an option.</summary>
    /// <param name="manifest">The object.</param>
    /// <param name="option">The option, such as <c>IgnoreExtraneous</c>.</param>
    public static bool Has(ManifestObject? manifest, string option)
    {
        if (manifest is null)
        {
            return false;
        }

        foreach (var key in new[] { Key, ArgoCdKey })
        {
            if (manifest.GetAnnotation(key) is { } value &&
                value.Split(',', StringSplitOptions.TrimEntries).Contains(option, StringComparer.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
