namespace GitOps.Applications;

/// <summary>Applications read from manifests, with every warning and error found.</summary>
public sealed record ApplicationReadResult
{
    /// <summary>The applications read without errors.</summary>
    public IReadOnlyList<Application> Applications { get; init; } = [];

    /// <summary>Warnings (ignored or unsupported fields, other kinds of object) and errors (invalid values).</summary>
    public IReadOnlyList<ApplicationDiagnostic> Diagnostics { get; init; } = [];

    /// <summary>Whether any diagnostic is an error (its application is then left out of <see cref="Applications"/>).</summary>
    public bool HasErrors => Diagnostics.Any(d => d.Severity == ApplicationDiagnosticSeverity.Error);

    /// <summary>The warnings.</summary>
    public IEnumerable<ApplicationDiagnostic> Warnings => Diagnostics.Where(d => d.Severity == ApplicationDiagnosticSeverity.Warning);

    /// <summary>The errors.</summary>
    public IEnumerable<ApplicationDiagnostic> Errors => Diagnostics.Where(d => d.Severity == ApplicationDiagnosticSeverity.Error);
}
