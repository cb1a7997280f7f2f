using GitOps.Manifests;

namespace GitOps.Rendering;

/// <summary>A note produced while rendering.</summary>
/// <param name="Severity">How much it matters.</param>
/// <param name="Message">What happened.</param>
/// <param name="Location">Where, if it concerns one place.</param>
public sealed record RenderDiagnostic(RenderDiagnosticSeverity Severity, string Message, SourceLocation? Location = null);
