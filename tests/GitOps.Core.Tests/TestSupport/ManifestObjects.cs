using System.Text.Json.Nodes;
using GitOps.Manifests;

namespace GitOps.Tests.TestSupport;

/// <summary>Builds manifest objects for tests from JSON or YAML text.</summary>
internal static class ManifestObjects
{
    public static ManifestObject Parse(string text) =>
        text.TrimStart().StartsWith('{') ? new ManifestObject(JsonNode.Parse(text)!.AsObject()) : ManifestReader.Default.Read(text, "test.yaml").Single();
}
