namespace GitOps.Testing.Storage;

/// <summary>Options every mutating call carries: dry run and the field manager the change is recorded for.</summary>
internal sealed record WriteOptions(bool DryRun, string FieldManager);
