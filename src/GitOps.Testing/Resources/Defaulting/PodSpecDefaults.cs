using System.Text.Json.Nodes;
using GitOps.Testing.Json;

namespace GitOps.Testing.Resources.Defaulting;

/// <summary>
/// The defaults a real server gives pod specs, in pods and in every workload's pod template (core/v1 defaulting):
/// restart, DNS and scheduling policy, grace period, containers' termination message and pull policy, port
/// protocols, probe timings and volume modes.
/// </summary>
internal static class PodSpecDefaults
{
    /// <summary>Octal 0644, the default mode of ConfigMap, Secret, projected and downward API volumes.</summary>
    private const int DefaultVolumeMode = 420;

    private static readonly string[] Probes = ["livenessProbe", "readinessProbe", "startupProbe"];

    private static readonly string[] ModedVolumes = ["configMap", "secret", "projected", "downwardAPI"];

    /// <summary>Defaults the <c>spec</c> of a pod template (<c>template</c> may be missing: validation reports that).</summary>
    public static void DefaultTemplate(JsonObject? template)
    {
        if (template.Child("spec") is { } spec)
        {
            DefaultPodSpec(spec);
        }
    }

    public static void DefaultPodSpec(JsonObject spec)
    {
        spec.SetIfEmpty("restartPolicy", "Always");
        spec.SetIfEmpty("dnsPolicy", "ClusterFirst");
        spec.SetIfMissing("terminationGracePeriodSeconds", 30);
        spec.SetIfEmpty("schedulerName", "default-scheduler");
        spec.SetIfMissing("securityContext", new JsonObject());
        foreach (var container in spec.Items("initContainers").Concat(spec.Items("containers")).Concat(spec.Items("ephemeralContainers")))
        {
            DefaultContainer(container);
        }

        foreach (var volume in spec.Items("volumes"))
        {
            DefaultVolume(volume);
        }
    }

    public static void DefaultContainer(JsonObject container)
    {
        container.SetIfEmpty("terminationMessagePath", "/dev/termination-log");
        container.SetIfEmpty("terminationMessagePolicy", "File");
        container.SetIfEmpty("imagePullPolicy", PullPolicyFor(container.GetString("image") ?? string.Empty));
        foreach (var port in container.Items("ports"))
        {
            port.SetIfEmpty("protocol", "TCP");
        }

        foreach (var probe in Probes.Select(container.Child).OfType<JsonObject>())
        {
            probe.SetIfMissing("timeoutSeconds", 1);
            probe.SetIfMissing("periodSeconds", 10);
            probe.SetIfMissing("successThreshold", 1);
            probe.SetIfMissing("failureThreshold", 3);
            if (probe.Child("httpGet") is { } http)
            {
                http.SetIfEmpty("path", "/");
                http.SetIfEmpty("scheme", "HTTP");
            }
        }

        foreach (var env in container.Items("env"))
        {
            if (env.Child("valueFrom").Child("fieldRef") is { } fieldRef)
            {
                fieldRef.SetIfEmpty("apiVersion", "v1");
            }
        }
    }

    /// <summary>Always for <c>:latest</c> or untagged images, IfNotPresent otherwise (digests count as tagged).</summary>
    public static string PullPolicyFor(string image)
    {
        if (image.Contains('@', StringComparison.Ordinal))
        {
            return "IfNotPresent";
        }

        var lastSlash = image.LastIndexOf('/');
        var colon = image.IndexOf(':', lastSlash + 1);
        if (colon < 0)
        {
            return "Always";
        }

        return image[(colon + 1)..] == "latest" ? "Always" : "IfNotPresent";
    }

    private static void DefaultVolume(JsonObject volume)
    {
        var sources = volume.Where(p => p.Key != "name").ToList();
        if (sources.Count == 0)
        {
            // A volume without a source is an emptyDir.
            volume["emptyDir"] = new JsonObject();
            return;
        }

        foreach (var key in ModedVolumes)
        {
            if (volume.Child(key) is { } source)
            {
                source.SetIfMissing("defaultMode", DefaultVolumeMode);
            }
        }

        if (volume.Child("hostPath") is { } hostPath)
        {
            hostPath.SetIfMissing("type", string.Empty);
        }
    }
}
