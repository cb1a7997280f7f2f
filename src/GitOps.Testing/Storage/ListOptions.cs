using GitOps.Testing.Selectors;

namespace GitOps.Testing.Storage;

/// <summary>The list query: selectors, pagination and, for an exact read, the resource version to read at.</summary>
internal sealed record ListOptions(LabelSelector Labels, FieldSelector Fields, int Limit, string? Continue, long? ExactVersion = null);
