namespace GitOps.Testing.Faults;

/// <summary>
/// Which requests get a fault: every filter left null matches anything. Resources are named as in the request log
/// (<c>configmaps</c>, <c>deployments.apps</c>, <c>deployments.apps/status</c>).
/// </summary>
public sealed class FaultRule
{
    private int _fired;

    /// <summary>The verb (get, list, watch, create, update, patch, delete, deletecollection), or null for any.</summary>
    public string? Verb { get; init; }

    /// <summary>The resource as <c>plural[.group][/subresource]</c>, or null for any.</summary>
    public string? Resource { get; init; }

    /// <summary>The namespace, or null for any.</summary>
    public string? Namespace { get; init; }

    /// <summary>The object name, or null for any (including collection requests).</summary>
    public string? Name { get; init; }

    /// <summary>How many times the rule fires before it stops matching; null for no limit.</summary>
    public int? Count { get; init; }

    /// <summary>The chance a matching request gets the fault, from 0 to 1 (drawn from the seeded generator).</summary>
    public double Probability { get; init; } = 1.0;

    /// <summary>What happens to the requests the rule picks.</summary>
    public required Fault Fault { get; init; }

    /// <summary>How many times the rule has fired.</summary>
    public int Fired => Volatile.Read(ref _fired);

    internal bool Matches(string verb, string resource, string? ns, string? name) =>
        (Verb is null || string.Equals(Verb, verb, StringComparison.OrdinalIgnoreCase))
        && (Resource is null || string.Equals(Resource, resource, StringComparison.Ordinal))
        && (Namespace is null || Namespace == ns)
        && (Name is null || Name == name);

    /// <summary>Takes one firing when the count allows it.</summary>
    internal bool TryFire()
    {
        while (true)
        {
            var fired = Volatile.Read(ref _fired);
            if (Count is { } limit && fired >= limit)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _fired, fired + 1, fired) == fired)
            {
                return true;
            }
        }
    }

    internal void Validate()
    {
        if (Probability is < 0 or > 1 || double.IsNaN(Probability))
        {
            throw new ArgumentOutOfRangeException(nameof(Probability), Probability, "A fault rule's probability must be between 0 and 1.");
        }

        if (Count is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(Count), Count, "A fault rule's count must not be negative.");
        }

        ArgumentNullException.ThrowIfNull(Fault);
    }
}
