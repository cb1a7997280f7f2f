using System.Text;
using GitOps.Manifests;

namespace GitOps.Health;

/// <summary>Aggregates resource health into application health with Argo CD's rules.</summary>
public static class ApplicationHealth
{
    private const int MaxCausesInMessage = 3;

    /// <summary>
    /// Computes an application's health as the worst health among its counted resources (Healthy when none count).
    /// </summary>
    /// <remarks>
    /// As in Argo CD (<c>controller/health.go</c>):
    /// <list type="bullet">
    /// <item>Hooks are skipped entirely.</item>
    /// <item>Resources whose live object carries an ignore-healthcheck annotation set to <c>"true"</c>, or whose input
    /// says so, are not assessed, but still count as present resources.</item>
    /// <item>Resources without a live object are Missing yet do not lower the application's health (out-of-sync status
    /// reports them already), unless no resource has a live object at all: then the application is Missing, unless
    /// something worse was found.</item>
    /// <item>Objects to which health does not apply (the assessor returns <see langword="null"/>) do not count.</item>
    /// <item>A child Argo CD Application (<c>argoproj.io/Application</c>) that is Missing or Unknown does not count.</item>
    /// </list>
    /// </remarks>
    /// <param name="resources">The application's resources.</param>
    /// <param name="assessor">Assesses each live object.</param>
    public static ApplicationHealthResult Aggregate(IEnumerable<ResourceHealthInput> resources, IHealthAssessor assessor)
    {
        ArgumentNullException.ThrowIfNull(resources);
        ArgumentNullException.ThrowIfNull(assessor);

        var results = new List<ResourceHealth>();
        var causes = new List<ResourceHealth>();
        var worst = HealthStatusCode.Healthy;
        bool anyResource = false, anyLive = false;
        foreach (var resource in resources)
        {
            ArgumentNullException.ThrowIfNull(resource, nameof(resources));
            if (resource.IsHook)
            {
                results.Add(new(resource.Key, null, false));
                continue;
            }

            anyResource = true;
            var live = resource.Live;
            if (live is null)
            {
                results.Add(new(resource.Key, HealthStatus.Missing(), false));
                continue;
            }

            anyLive = true;
            if (resource.IgnoreHealthCheck || HealthAnnotations.IgnoresHealthCheck(live))
            {
                results.Add(new(resource.Key, null, false));
                continue;
            }

            var health = assessor.Assess(live);
            var counted = health is { } h && !IsIgnoredChildApplication(resource.Key, h.Status);
            var result = new ResourceHealth(resource.Key, health, counted);
            results.Add(result);
            if (!counted)
            {
                continue;
            }

            var status = health!.Value.Status;
            if (HealthStatus.IsWorse(worst, status))
            {
                worst = status;
                causes.Clear();
                causes.Add(result);
            }
            else if (status == worst && status != HealthStatusCode.Healthy)
            {
                causes.Add(result);
            }
        }

        if (anyResource && !anyLive && HealthStatus.IsWorse(worst, HealthStatusCode.Missing))
        {
            return new(HealthStatus.Missing("No resource of the application exists"), results, []);
        }

        return new(new HealthStatus(worst, FormatCauses(causes)), results, causes);
    }

    private static bool IsIgnoredChildApplication(ResourceKey key, HealthStatusCode status) =>
        key is { Group: "argoproj.io", Kind: "Application" }
        && status is HealthStatusCode.Missing or HealthStatusCode.Unknown;

    private static string FormatCauses(List<ResourceHealth> causes)
    {
        if (causes.Count == 0)
        {
            return string.Empty;
        }

        var text = new StringBuilder("Caused by ");
        for (var i = 0; i < causes.Count && i < MaxCausesInMessage; i++)
        {
            var key = causes[i].Key;
            if (i > 0)
            {
                text.Append(", ");
            }

            text.Append(key.Group.Length == 0 ? key.Kind : $"{key.Group}/{key.Kind}")
                .Append(' ')
                .Append(key.Namespace.Length == 0 ? key.Name : $"{key.Namespace}/{key.Name}");
        }

        if (causes.Count > MaxCausesInMessage)
        {
            text.Append(" and ").Append(causes.Count - MaxCausesInMessage).Append(" more");
        }

        return text.ToString();
    }
}
