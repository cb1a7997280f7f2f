using System.Text.Json.Nodes;
using GitOps.Cluster;
using GitOps.Manifests;
using GitOps.Tests.TestSupport;

namespace GitOps.Tests.ApplicationResources;

/// <summary>
/// A minimal Application CRD in the shape of Argo CD's: group argoproj.io, version v1alpha1, namespaced, an open
/// schema (x-kubernetes-preserve-unknown-fields) and Argo CD's printer columns. Argo CD's CRD declares no status
/// subresource; <paramref name="statusSubresource"/> adds one.
/// </summary>
internal static class ApplicationCrd
{
    public static async Task<ApiResource> InstallAsync(EmulatorFixture cluster, bool statusSubresource = false)
    {
        var version = new JsonObject
        {
            ["name"] = "v1alpha1",
            ["served"] = true,
            ["storage"] = true,
            ["schema"] = new JsonObject
            {
                ["openAPIV3Schema"] = new JsonObject
                {
                    ["type"] = "object",
                    ["required"] = new JsonArray("metadata", "spec"),
                    ["properties"] = new JsonObject
                    {
                        ["apiVersion"] = new JsonObject { ["type"] = "string" },
                        ["kind"] = new JsonObject { ["type"] = "string" },
                        ["metadata"] = new JsonObject { ["type"] = "object" },
                        ["spec"] = new JsonObject { ["type"] = "object", ["x-kubernetes-preserve-unknown-fields"] = true },
                        ["status"] = new JsonObject { ["type"] = "object", ["x-kubernetes-preserve-unknown-fields"] = true },
                        ["operation"] = new JsonObject { ["type"] = "object", ["x-kubernetes-preserve-unknown-fields"] = true },
                    },
                },
            },
            ["additionalPrinterColumns"] = new JsonArray(
                Column("Sync Status", ".status.sync.status"),
                Column("Health Status", ".status.health.status"),
                Column("Revision", ".status.sync.revision", priority: 10),
                Column("Project", ".spec.project", priority: 10)),
        };
        if (statusSubresource)
        {
            version["subresources"] = new JsonObject { ["status"] = new JsonObject() };
        }

        var crd = new ManifestObject(new JsonObject
        {
            ["apiVersion"] = "apiextensions.k8s.io/v1",
            ["kind"] = "CustomResourceDefinition",
            ["metadata"] = new JsonObject { ["name"] = "applications.argoproj.io" },
            ["spec"] = new JsonObject
            {
                ["group"] = "argoproj.io",
                ["scope"] = "Namespaced",
                ["names"] = new JsonObject
                {
                    ["kind"] = "Application",
                    ["listKind"] = "ApplicationList",
                    ["plural"] = "applications",
                    ["singular"] = "application",
                    ["shortNames"] = new JsonArray("app", "apps"),
                },
                ["versions"] = new JsonArray(version),
            },
        });
        await cluster.ApplyAsync(crd);
        cluster.Client.Discovery.Invalidate();
        return (await cluster.Client.Discovery.FindAsync(new GroupVersionKind("argoproj.io", "v1alpha1", "Application")))!;
    }

    /// <summary>An automated Application of a repository folder, in <paramref name="namespace"/> and deployed there.</summary>
    public static ManifestObject Resource(string name, string @namespace, string repoUrl, string path = "app") => new(new JsonObject
    {
        ["apiVersion"] = "argoproj.io/v1alpha1",
        ["kind"] = "Application",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = @namespace },
        ["spec"] = new JsonObject
        {
            ["project"] = "default",
            ["source"] = new JsonObject { ["repoURL"] = repoUrl, ["targetRevision"] = "main", ["path"] = path },
            ["destination"] = new JsonObject { ["server"] = "https://kubernetes.default.svc", ["namespace"] = @namespace },
            ["syncPolicy"] = new JsonObject { ["automated"] = new JsonObject { ["prune"] = true } },
        },
    });

    private static JsonObject Column(string name, string path, int priority = 0)
    {
        var column = new JsonObject { ["name"] = name, ["type"] = "string", ["jsonPath"] = path };
        if (priority > 0)
        {
            column["priority"] = priority;
        }

        return column;
    }
}
