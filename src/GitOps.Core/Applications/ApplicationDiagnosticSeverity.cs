namespace GitOps.Applications;

/// <summary>How serious an <see cref="ApplicationDiagnostic"/> is.</summary>
public enum ApplicationDiagnosticSeverity
{
    /// <summary>Something is ignored or unsupported; the application is still usable.</summary>
    Warning,

    /// <summary>A value is invalid; the application is not usable until it is fixed.</summary>
    Error,
}
