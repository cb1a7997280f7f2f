using GitOps.Manifests;

namespace GitOps.Applications;

/// <summary>A problem found while reading an application, naming the field.</summary>
/// <param name="Severity">Warning or error.</param>
/// <param name="Field">The field path, such as <c>spec.syncPolicy.retry.limit</c>; empty for the object as a whole.</param>
/// <param name="Message">What is wrong.</param>
/// <param name="Location">Where the object was read from, if known.</param>
/// <param name="Application">The application's name, if known.</param>
public sealed record ApplicationDiagnostic(
    ApplicationDiagnosticSeverity Severity,
    string Field,
    string Message,
    SourceLocation? Location = null,
    string? Application = null)
{
    /// <summary>Formats the diagnostic as <c>file:line:column: application: field: message</c>.</summary>
    public override string ToString()
    {
        var prefix = Location is null ? string.Empty : Location + ": ";
        var app = Application is null ? string.Empty : $"Application {Application}: ";
        var field = Field.Length == 0 ? string.Empty : Field + ": ";
        return $"{prefix}{(Severity == ApplicationDiagnosticSeverity.Error ? "error" : "warning")}: {app}{field}{Message}";
    }
}
