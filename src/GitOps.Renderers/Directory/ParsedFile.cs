using GitOps.Manifests;

namespace GitOps.Renderers.Directory;

/// <summary>What rendering one manifest file gave: its length, whether it carries the skip marker, and its objects.</summary>
internal sealed record ParsedFile(int Length, bool Skipped, IReadOnlyList<ManifestObject> Objects);
