namespace GitOps.Testing.Api;

/// <summary>One cause in a failure <c>Status</c>: what is wrong with which field.</summary>
internal sealed record StatusCause(string Reason, string Message, string? Field);
