namespace GitOps.Testing.Storage;

/// <summary>Options every mutating call carries: dry run, the field manager the change is recorded for, and field validation.</summary>
internal sealed record WriteOptions(bool DryRun, string FieldManager)
{
    /// <summary>The <c>fieldValidation</c> directive: Ignore, Warn (the default) or Strict.</summary>
    public string FieldValidation { get; init; } = "Warn";

    /// <summary>Warnings to send back as <c>Warning</c> headers.</summary>
    public List<string> Warnings { get; } = [];
}
