using System.Text.Json.Nodes;
using GitOps.Testing.Resources;

namespace GitOps.Testing.Api;

/// <summary>The discovery documents: <c>/api</c>, <c>/apis</c>, the per-version resource lists and the aggregated (v2) form.</summary>
internal static class DiscoveryDocuments
{
    public static JsonObject Versions(string serverAddress) => new()
    {
        ["kind"] = "APIVersions",
        ["versions"] = new JsonArray("v1"),
        ["serverAddressByClientCIDRs"] = new JsonArray(new JsonObject { ["clientCIDR"] = "0.0.0.0/0", ["serverAddress"] = serverAddress }),
    };

    public static JsonObject Groups(ResourceRegistry registry)
    {
        var groups = new JsonArray();
        foreach (var (group, versions) in registry.Groups())
        {
            groups.Add(new JsonObject
            {
                ["name"] = group,
                ["versions"] = new JsonArray(versions.Select(v => (JsonNode)GroupVersion(group, v)).ToArray()),
                ["preferredVersion"] = GroupVersion(group, versions[0]),
            });
        }

        return new JsonObject { ["kind"] = "APIGroupList", ["apiVersion"] = "v1", ["groups"] = groups };
    }

    public static JsonObject? Group(ResourceRegistry registry, string name)
    {
        var found = registry.Groups().FirstOrDefault(g => g.Group == name);
        if (found.Group is null)
        {
            return null;
        }

        return new JsonObject
        {
            ["kind"] = "APIGroup",
            ["apiVersion"] = "v1",
            ["name"] = name,
            ["versions"] = new JsonArray(found.Versions.Select(v => (JsonNode)GroupVersion(name, v)).ToArray()),
            ["preferredVersion"] = GroupVersion(name, found.Versions[0]),
        };
    }

    public static JsonObject? Resources(ResourceRegistry registry, string group, string version)
    {
        var types = registry.Types.Where(t => t.Group == group && t.Version == version).ToList();
        if (types.Count == 0)
        {
            return null;
        }

        var list = new JsonArray();
        foreach (var t in types)
        {
            list.Add(Resource(t, t.Plural, t.Verbs));
            if (t.HasStatus)
            {
                list.Add(Resource(t, t.Plural + "/status", ["get", "patch", "update"]));
            }

            if (t.Scale is not null)
            {
                var scale = Resource(t, t.Plural + "/scale", ["get", "patch", "update"]);
                scale["group"] = "autoscaling";
                scale["version"] = "v1";
                scale["kind"] = "Scale";
                list.Add(scale);
            }
        }

        return new JsonObject
        {
            ["kind"] = "APIResourceList",
            ["apiVersion"] = "v1",
            ["groupVersion"] = group.Length == 0 ? version : $"{group}/{version}",
            ["resources"] = list,
        };
    }

    /// <summary>The aggregated discovery document (apidiscovery.k8s.io/v2) for the core group or for all named groups.</summary>
    public static JsonObject Aggregated(ResourceRegistry registry, bool core, string apiVersion)
    {
        var items = new JsonArray();
        var groups = core ? [(string.Empty, (IReadOnlyList<string>)["v1"])] : registry.Groups();
        foreach (var (group, versions) in groups)
        {
            var versionItems = new JsonArray();
            foreach (var version in versions)
            {
                var resources = new JsonArray();
                foreach (var t in registry.Types.Where(t => t.Group == group && t.Version == version))
                {
                    var r = new JsonObject
                    {
                        ["resource"] = t.Plural,
                        ["responseKind"] = new JsonObject { ["group"] = t.Group, ["version"] = t.Version, ["kind"] = t.Kind },
                        ["scope"] = t.Namespaced ? "Namespaced" : "Cluster",
                        ["singularResource"] = t.Singular,
                        ["verbs"] = Strings(t.Verbs),
                    };
                    if (t.ShortNames.Count > 0)
                    {
                        r["shortNames"] = Strings(t.ShortNames);
                    }

                    if (t.Categories.Count > 0)
                    {
                        r["categories"] = Strings(t.Categories);
                    }

                    var subresources = new JsonArray();
                    foreach (var sub in t.Subresources)
                    {
                        subresources.Add(new JsonObject
                        {
                            ["subresource"] = sub,
                            ["responseKind"] = sub == "scale"
                                ? new JsonObject { ["group"] = "autoscaling", ["version"] = "v1", ["kind"] = "Scale" }
                                : new JsonObject { ["group"] = t.Group, ["version"] = t.Version, ["kind"] = t.Kind },
                            ["verbs"] = Strings(["get", "patch", "update"]),
                        });
                    }

                    if (subresources.Count > 0)
                    {
                        r["subresources"] = subresources;
                    }

                    resources.Add(r);
                }

                versionItems.Add(new JsonObject { ["version"] = version, ["resources"] = resources, ["freshness"] = "Current" });
            }

            items.Add(new JsonObject { ["metadata"] = new JsonObject { ["name"] = group, ["creationTimestamp"] = null }, ["versions"] = versionItems });
        }

        return new JsonObject
        {
            ["kind"] = "APIGroupDiscoveryList",
            ["apiVersion"] = apiVersion,
            ["metadata"] = new JsonObject(),
            ["items"] = items,
        };
    }

    private static JsonObject Resource(ResourceType t, string name, IReadOnlyList<string> verbs)
    {
        var r = new JsonObject
        {
            ["name"] = name,
            ["singularName"] = name.Contains('/', StringComparison.Ordinal) ? string.Empty : t.Singular,
            ["namespaced"] = t.Namespaced,
            ["kind"] = t.Kind,
            ["verbs"] = Strings(verbs),
        };
        if (!name.Contains('/', StringComparison.Ordinal))
        {
            if (t.ShortNames.Count > 0)
            {
                r["shortNames"] = Strings(t.ShortNames);
            }

            if (t.Categories.Count > 0)
            {
                r["categories"] = Strings(t.Categories);
            }

            r["storageVersionHash"] = StorageVersionHash(t);
        }

        return r;
    }

    private static JsonObject GroupVersion(string group, string version) => new() { ["groupVersion"] = $"{group}/{version}", ["version"] = version };

    private static JsonArray Strings(IEnumerable<string> values) => new(values.Select(v => (JsonNode)JsonValue.Create(v)).ToArray());

    private static string StorageVersionHash(ResourceType t)
    {
        var bytes = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"{t.Group}/{t.Version}/{t.Kind}"));
        return Convert.ToBase64String(bytes, 0, 8);
    }
}
