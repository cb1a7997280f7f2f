using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using GitOps.Testing.Resources;

namespace GitOps.Testing.Api;

/// <summary>
/// Generated OpenAPI documents. Each kind gets a minimal schema (apiVersion, kind, metadata, open spec and status)
/// and its paths; PATCH operations declare the <c>fieldValidation</c> parameter, so kubectl leaves validation to the
/// server, and no strategic-merge content type, so kubectl computes strategic patches from its compiled-in types.
/// The v2 document has no kind schemas for the same reason.
/// </summary>
internal static class OpenApiDocuments
{
    private const string GvkExtension = "x-kubernetes-group-version-kind";

    public static JsonObject V2() => new()
    {
        ["swagger"] = "2.0",
        ["info"] = new JsonObject { ["title"] = "Kubernetes", ["version"] = "v1.33.0" },
        ["paths"] = new JsonObject(),
        ["definitions"] = new JsonObject(),
    };

    /// <summary>The protobuf media type kubectl asks <c>/openapi/v2</c> for.</summary>
    public const string V2ProtobufMediaType = "application/com.github.proto-openapi.spec.v2@v1.0+protobuf";

    /// <summary>The media type the answer carries (Go's MIME parser rejects the '@' of the requested form).</summary>
    public const string V2ProtobufResponseType = "application/com.github.proto-openapi.spec.v2.v1.0+protobuf";

    /// <summary>
    /// The v2 document in the protobuf form kubectl requests (gnostic's <c>openapi_v2.Document</c>): only
    /// <c>swagger</c> (field 1) and <c>info</c> (field 2: title 1, version 2), so no kind has a v2 schema.
    /// </summary>
    public static byte[] V2Protobuf()
    {
        static byte[] Text(int field, string value)
        {
            var bytes = Encoding.UTF8.GetBytes(value);
            return [(byte)((field << 3) | 2), (byte)bytes.Length, .. bytes];
        }

        byte[] info = [.. Text(1, "Kubernetes"), .. Text(2, "v1.33.0")];
        return [.. Text(1, "2.0"), (byte)((2 << 3) | 2), (byte)info.Length, .. info];
    }

    public static JsonObject V3Index(ResourceRegistry registry)
    {
        var paths = new JsonObject();
        foreach (var gv in registry.Types.Select(t => (t.Group, t.Version)).Distinct())
        {
            var key = Key(gv.Group, gv.Version);
            paths[key] = new JsonObject { ["serverRelativeURL"] = $"/openapi/v3/{key}?hash={Hash(registry, gv.Group, gv.Version)}" };
        }

        return new JsonObject { ["paths"] = paths };
    }

    /// <summary>The document of one group-version, e.g. <c>apis/apps/v1</c>; null when not served.</summary>
    public static JsonObject? V3(ResourceRegistry registry, string key)
    {
        var types = registry.Types.Where(t => Key(t.Group, t.Version) == key).ToList();
        if (types.Count == 0)
        {
            return null;
        }

        var paths = new JsonObject();
        var schemas = new JsonObject();
        foreach (var t in types)
        {
            var schemaName = SchemaName(t);
            schemas[schemaName] = Schema(t);
            var prefix = "/" + key + (t.Namespaced ? "/namespaces/{namespace}/" : "/") + t.Plural;
            paths[prefix] = new JsonObject
            {
                ["get"] = Operation(t, "list", schemaName, patch: false),
                ["post"] = Operation(t, "post", schemaName, patch: false),
            };
            paths[prefix + "/{name}"] = new JsonObject
            {
                ["get"] = Operation(t, "get", schemaName, patch: false),
                ["put"] = Operation(t, "put", schemaName, patch: false),
                ["patch"] = Operation(t, "patch", schemaName, patch: true),
                ["delete"] = Operation(t, "delete", schemaName, patch: false),
            };
        }

        schemas["io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"] = new JsonObject
        {
            ["description"] = "ObjectMeta is metadata that all persisted resources must have.",
            ["type"] = "object",
            ["properties"] = new JsonObject
            {
                ["name"] = Str("Name must be unique within a namespace."),
                ["namespace"] = Str("Namespace defines the space within which each name must be unique."),
                ["labels"] = new JsonObject { ["type"] = "object", ["additionalProperties"] = Str(string.Empty), ["description"] = "Map of string keys and values for organizing and categorizing objects." },
                ["annotations"] = new JsonObject { ["type"] = "object", ["additionalProperties"] = Str(string.Empty), ["description"] = "Unstructured key value map stored with a resource." },
            },
        };

        return new JsonObject
        {
            ["openapi"] = "3.0.0",
            ["info"] = new JsonObject { ["title"] = "Kubernetes", ["version"] = "v1.33.0" },
            ["paths"] = paths,
            ["components"] = new JsonObject { ["schemas"] = schemas },
        };
    }

    public static string Key(string group, string version) => group.Length == 0 ? $"api/{version}" : $"apis/{group}/{version}";

    private static string Hash(ResourceRegistry registry, string group, string version)
    {
        var text = string.Join(";", registry.Types.Where(t => t.Group == group && t.Version == version).Select(t => $"{t.Plural}:{t.Kind}:{t.Namespaced}:{t.HasStatus}"));
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..32];
    }

    private static string SchemaName(ResourceType t)
    {
        var reversed = string.Join('.', (t.Group.Length == 0 ? "core" : t.Group).Split('.').Reverse());
        return $"{reversed}.{t.Version}.{t.Kind}";
    }

    private static JsonObject Schema(ResourceType t)
    {
        var schema = new JsonObject
        {
            ["description"] = $"{t.Kind} ({t.ApiVersion}) as the GitOps.Testing emulator serves it: metadata is checked, the other fields are stored as given.",
            ["type"] = "object",
            ["properties"] = Properties(t),
            ["x-kubernetes-preserve-unknown-fields"] = true,
            [GvkExtension] = new JsonArray(new JsonObject { ["group"] = t.Group, ["version"] = t.Version, ["kind"] = t.Kind }),
        };
        return schema;
    }

    private static JsonObject Properties(ResourceType t)
    {
        var properties = new JsonObject
        {
            ["apiVersion"] = Str("APIVersion defines the versioned schema of this representation of an object."),
            ["kind"] = Str("Kind is a string value representing the REST resource this object represents."),
            ["metadata"] = new JsonObject
            {
                ["description"] = "Standard object's metadata.",
                ["allOf"] = new JsonArray(new JsonObject { ["$ref"] = "#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta" }),
            },
        };

        // Kinds with a status subresource are the spec/status kinds; the others (ConfigMap, RBAC...) have neither.
        if (t.HasStatus)
        {
            properties["spec"] = new JsonObject { ["description"] = "The desired state.", ["type"] = "object", ["x-kubernetes-preserve-unknown-fields"] = true };
            properties["status"] = new JsonObject { ["description"] = "The observed state.", ["type"] = "object", ["x-kubernetes-preserve-unknown-fields"] = true };
        }

        return properties;
    }

    private static JsonObject Operation(ResourceType t, string action, string schemaName, bool patch)
    {
        var op = new JsonObject
        {
            ["operationId"] = action + t.Kind,
            ["responses"] = new JsonObject
            {
                ["200"] = new JsonObject
                {
                    ["description"] = "OK",
                    ["content"] = new JsonObject { ["application/json"] = new JsonObject { ["schema"] = new JsonObject { ["$ref"] = "#/components/schemas/" + schemaName } } },
                },
            },
            ["x-kubernetes-action"] = action,
            [GvkExtension] = new JsonObject { ["group"] = t.Group, ["version"] = t.Version, ["kind"] = t.Kind },
        };
        if (patch)
        {
            op["parameters"] = new JsonArray(
                Query("dryRun"),
                Query("fieldManager"),
                Query("fieldValidation"),
                new JsonObject { ["name"] = "force", ["in"] = "query", ["schema"] = new JsonObject { ["type"] = "boolean", ["uniqueItems"] = true } });
            op["requestBody"] = new JsonObject
            {
                ["content"] = new JsonObject
                {
                    ["application/json-patch+json"] = new JsonObject { ["schema"] = new JsonObject { ["type"] = "object" } },
                    ["application/merge-patch+json"] = new JsonObject { ["schema"] = new JsonObject { ["type"] = "object" } },
                    ["application/apply-patch+yaml"] = new JsonObject { ["schema"] = new JsonObject { ["type"] = "object" } },
                },
                ["required"] = true,
            };
        }

        return op;
    }

    private static JsonObject Query(string name) => new() { ["name"] = name, ["in"] = "query", ["schema"] = new JsonObject { ["type"] = "string", ["uniqueItems"] = true } };

    private static JsonObject Str(string description) => new() { ["type"] = "string", ["description"] = description };
}
