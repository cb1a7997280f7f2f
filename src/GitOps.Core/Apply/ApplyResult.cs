using GitOps.Manifests;

namespace GitOps.Apply;

/// <summary>The result of writing (or deleting) one object.</summary>
/// <param name="Outcome">What happened.</param>
/// <param name="Result">The object as the server returned it, when there is one.</param>
/// <param name="Message">A readable account; for failures, the server's reason.</param>
public sealed record ApplyResult(ApplyOutcome Outcome, ManifestObject? Result, string Message);
