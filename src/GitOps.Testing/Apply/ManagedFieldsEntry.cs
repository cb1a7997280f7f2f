namespace GitOps.Testing.Apply;

/// <summary>One <c>metadata.managedFields</c> entry: who set which fields, by apply or by update.</summary>
internal sealed record ManagedFieldsEntry(string Manager, string Operation, string ApiVersion, string Time, string? Subresource, HashSet<string> Fields)
{
    public bool SameOwner(ManagedFieldsEntry other) =>
        Manager == other.Manager && Operation == other.Operation && Subresource == other.Subresource;
}
