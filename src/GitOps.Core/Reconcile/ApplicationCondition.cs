namespace GitOps.Reconcile;

/// <summary>An error or warning found while reconciling an application.</summary>
/// <param name="Type">The kind of condition, one of <see cref="ApplicationConditionTypes"/>.</param>
/// <param name="Message">What went wrong.</param>
/// <param name="ObservedAt">When it was seen.</param>
public sealed record ApplicationCondition(string Type, string Message, DateTimeOffset ObservedAt)
{
    /// <summary>Whether the condition is an error (its type ends in <c>Error</c>).</summary>
    public bool IsError => Type.EndsWith("Error", StringComparison.Ordinal);
}
