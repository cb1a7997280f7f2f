using System.Globalization;
using System.Text.Json.Nodes;
using GitOps.Testing.Api;
using GitOps.Testing.Json;
using GitOps.Testing.Selectors;

namespace GitOps.Testing.Resources.Validation;

/// <summary>
/// The checks the real server's validation makes on pod specs and on workloads with selectors, with its field
/// paths and messages (a subset: required fields, selectors, ports, immutability).
/// </summary>
internal static class WorkloadValidation
{
    public static void PodSpec(JsonObject? spec, string path, List<StatusCause> causes)
    {
        if (spec is null)
        {
            causes.Add(Required(path + ".containers"));
            return;
        }

        var containers = spec.Items("containers").ToList();
        if (containers.Count == 0)
        {
            causes.Add(Required(path + ".containers"));
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (list, items) in new[] { ("initContainers", spec.Items("initContainers").ToList()), ("containers", containers) })
        {
            for (var i = 0; i < items.Count; i++)
            {
                var at = $"{path}.{list}[{i}]";
                var name = items[i].GetString("name");
                if (string.IsNullOrEmpty(name))
                {
                    causes.Add(Required(at + ".name"));
                }
                else if (!names.Add(name))
                {
                    causes.Add(new StatusCause("FieldValueDuplicate", $"Duplicate value: \"{name}\"", at + ".name"));
                }
                else if (name.Length > 63 || !System.Text.RegularExpressions.Regex.IsMatch(name, "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$"))
                {
                    causes.Add(new StatusCause("FieldValueInvalid", $"Invalid value: \"{name}\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')", at + ".name"));
                }

                if (string.IsNullOrWhiteSpace(items[i].GetString("image")))
                {
                    causes.Add(Required(at + ".image"));
                }

                var ports = items[i].Items("ports").ToList();
                for (var p = 0; p < ports.Count; p++)
                {
                    if (ports[p].GetLong("containerPort") is not { } port || port is < 1 or > 65535)
                    {
                        causes.Add(PortRange(ports[p]["containerPort"], $"{at}.ports[{p}].containerPort"));
                    }
                }
            }
        }
    }

    /// <summary>
    /// A workload's selector: present, not empty, matching the template's labels; <paramref name="kind"/> names
    /// the workload in the empty-selector message ("deployment", "replicaset"...).
    /// </summary>
    public static void Selector(JsonObject spec, string kind, List<StatusCause> causes)
    {
        var selector = spec.Child("selector");
        if (selector is null)
        {
            causes.Add(Required("spec.selector"));
            return;
        }

        LabelSelector parsed;
        try
        {
            parsed = LabelSelector.FromObject(selector);
        }
        catch (ApiException e)
        {
            causes.Add(new StatusCause("FieldValueInvalid", "Invalid value: " + e.Message, "spec.selector"));
            return;
        }

        if (selector.Child("matchLabels") is not { Count: > 0 } && !selector.Items("matchExpressions").Any())
        {
            causes.Add(new StatusCause("FieldValueInvalid", $"Invalid value: {GoMap(selector)}: empty selector is invalid for {kind}", "spec.selector"));
            return;
        }

        var labels = JsonObjectExtensions.StringMap(spec.Child("template").Child("metadata")?["labels"]);
        if (!parsed.Matches(labels))
        {
            causes.Add(new StatusCause("FieldValueInvalid", $"Invalid value: {GoLabels(labels)}: `selector` does not match template `labels`", "spec.template.metadata.labels"));
        }
    }

    /// <summary>A non-negative count such as <c>spec.replicas</c>.</summary>
    public static void NonNegative(JsonObject spec, string key, string path, List<StatusCause> causes)
    {
        if (spec[key] is { } node && (spec.GetLong(key) is not { } n || n < 0))
        {
            causes.Add(new StatusCause("FieldValueInvalid", $"Invalid value: {node.ToJsonString()}: must be greater than or equal to 0", path));
        }
    }

    /// <summary>Adds a "field is immutable" cause when the field at <paramref name="path"/> changed.</summary>
    public static void Immutable(JsonNode? updated, JsonNode? old, string path, List<StatusCause> causes)
    {
        if (!JsonNode.DeepEquals(updated, old))
        {
            causes.Add(new StatusCause("FieldValueInvalid", $"Invalid value: {Show(updated)}: field is immutable", path));
        }
    }

    public static StatusCause Required(string path) => new("FieldValueRequired", "Required value", path);

    public static StatusCause PortRange(JsonNode? value, string path) =>
        new("FieldValueInvalid", $"Invalid value: {value?.ToJsonString() ?? "0"}: must be between 1 and 65535, inclusive", path);

    private static string Show(JsonNode? node) => node switch
    {
        null => "\"\"",
        JsonValue v when v.GetValueKind() == System.Text.Json.JsonValueKind.String => $"\"{v.GetValue<string>()}\"",
        JsonObject o when o.ContainsKey("matchLabels") || o.ContainsKey("matchExpressions") => GoMap(o),
        _ => node.ToJsonString(),
    };

    private static string GoMap(JsonObject selector) =>
        "v1.LabelSelector{MatchLabels:" + GoLabels(JsonObjectExtensions.StringMap(selector["matchLabels"])) + ", MatchExpressions:" + (selector["matchExpressions"]?.ToJsonString() ?? "[]") + "}";

    private static string GoLabels(Dictionary<string, string> labels) =>
        "map[string]string{" + string.Join(", ", labels.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => string.Create(CultureInfo.InvariantCulture, $"\"{p.Key}\":\"{p.Value}\""))) + "}";
}
