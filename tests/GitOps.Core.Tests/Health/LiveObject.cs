using System.Text.Json.Nodes;
using GitOps.Health;
using GitOps.Manifests;

namespace GitOps.Tests.Health;

/// <summary>Builds live objects from JSON as the API server returns them, and assesses them with the built-in checks.</summary>
internal static class LiveObject
{
    public static ManifestObject Parse(string json) =>
        new(JsonNode.Parse(json)?.AsObject() ?? throw new ArgumentException("The fixture is not a JSON object.", nameof(json)));

    public static HealthStatus? Assess(string json) => HealthAssessor.Default.Assess(Parse(json));

    public static HealthStatus AssessNotNull(string json) =>
        Assess(json) ?? throw new AssertionException("Expected a health status, got none.");
}
