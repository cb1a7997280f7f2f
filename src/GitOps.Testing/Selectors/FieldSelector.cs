using System.Text.Json.Nodes;
using GitOps.Testing.Api;
using GitOps.Testing.Json;

namespace GitOps.Testing.Selectors;

/// <summary>
/// A parsed <c>fieldSelector</c>: <c>=</c>, <c>==</c> and <c>!=</c> terms on <c>metadata.name</c>,
/// <c>metadata.namespace</c> and the kind's own selectable fields (pods' <c>status.phase</c>, events'
/// <c>involvedObject.name</c>...); other fields answer 400 like the real server.
/// </summary>
internal sealed class FieldSelector
{
    private readonly IReadOnlyList<(string Field, bool Equal, string Value)> _terms;

    private FieldSelector(IReadOnlyList<(string, bool, string)> terms)
    {
        _terms = terms;
    }

    public static FieldSelector Everything { get; } = new([]);

    /// <summary>The name an equality term pins, letting a watch or list narrow to one object.</summary>
    public string? ExactName => _terms.FirstOrDefault(t => t.Field == "metadata.name" && t.Equal).Value;

    /// <summary>Fields the real server lets each kind be selected by, beyond metadata.name and metadata.namespace.</summary>
    private static readonly Dictionary<string, string[]> KindFields = new(StringComparer.Ordinal)
    {
        ["Pod"] = ["spec.nodeName", "spec.restartPolicy", "spec.schedulerName", "spec.serviceAccountName", "spec.hostNetwork", "status.phase", "status.podIP", "status.nominatedNodeName"],
        ["Event"] = ["involvedObject.kind", "involvedObject.namespace", "involvedObject.name", "involvedObject.uid", "involvedObject.apiVersion", "involvedObject.resourceVersion", "involvedObject.fieldPath", "reason", "reportingComponent", "source", "type"],
        ["Secret"] = ["type"],
        ["Namespace"] = ["status.phase"],
        ["Node"] = ["spec.unschedulable"],
        ["ReplicaSet"] = ["status.replicas"],
        ["ReplicationController"] = ["status.replicas"],
        ["Job"] = ["status.successful"],
        ["CertificateSigningRequest"] = ["spec.signerName"],
    };

    public static FieldSelector Parse(string? text, string kind)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Everything;
        }

        var terms = new List<(string, bool, string)>();
        foreach (var raw in text.Split(','))
        {
            var term = raw.Trim();
            int at;
            bool equal;
            int skip;
            if ((at = term.IndexOf("!=", StringComparison.Ordinal)) > 0)
            {
                equal = false;
                skip = 2;
            }
            else if ((at = term.IndexOf("==", StringComparison.Ordinal)) > 0)
            {
                equal = true;
                skip = 2;
            }
            else if ((at = term.IndexOf('=', StringComparison.Ordinal)) > 0)
            {
                equal = true;
                skip = 1;
            }
            else
            {
                throw StatusObjects.BadRequest($"invalid selector: '{text}'; can't understand '{term}'");
            }

            var field = term[..at].Trim();
            if (field is not ("metadata.name" or "metadata.namespace") && !(KindFields.TryGetValue(kind, out var allowed) && allowed.Contains(field)))
            {
                throw StatusObjects.BadRequest($"field label not supported: {field}");
            }

            terms.Add((field, equal, term[(at + skip)..].Trim()));
        }

        return new FieldSelector(terms);
    }

    public bool Matches(JsonObject obj)
    {
        foreach (var (field, equal, value) in _terms)
        {
            var actual = field switch
            {
                "metadata.name" => obj.Name(),
                "metadata.namespace" => obj.Namespace(),
                "source" => Value(obj, "source.component"),
                _ => Value(obj, field),
            };
            if ((actual == value) != equal)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A field's value as the selector compares it: strings as is, other scalars as JSON, missing as empty.</summary>
    private static string Value(JsonObject obj, string path)
    {
        JsonNode? node = obj;
        foreach (var part in path.Split('.'))
        {
            node = (node as JsonObject)?[part];
        }

        return node switch
        {
            null => string.Empty,
            JsonValue v when v.GetValueKind() == System.Text.Json.JsonValueKind.String => v.GetValue<string>(),
            _ => node.ToJsonString(),
        };
    }
}
