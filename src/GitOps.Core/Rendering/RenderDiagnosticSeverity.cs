namespace GitOps.Rendering;

/// <summary>How much a render diagnostic matters.</summary>
public enum RenderDiagnosticSeverity
{
    /// <summary>Information, such as where an object came from.</summary>
    Info,

    /// <summary>Something the user should look at; the render still succeeded.</summary>
    Warning,
}
