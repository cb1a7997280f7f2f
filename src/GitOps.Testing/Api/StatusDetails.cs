namespace GitOps.Testing.Api;

/// <summary>The <c>details</c> of a failure <c>Status</c>.</summary>
internal sealed record StatusDetails(string? Name, string? Group, string? Kind, IReadOnlyList<StatusCause>? Causes = null);
