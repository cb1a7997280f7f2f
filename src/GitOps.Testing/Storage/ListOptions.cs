using GitOps.Testing.Selectors;

namespace GitOps.Testing.Storage;

/// <summary>The list query: selectors and pagination.</summary>
internal sealed record ListOptions(LabelSelector Labels, FieldSelector Fields, int Limit, string? Continue);
