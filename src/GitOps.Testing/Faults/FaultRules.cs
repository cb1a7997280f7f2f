namespace GitOps.Testing.Faults;

/// <summary>
/// The emulator's fault rules, checked in the order added for every API request (discovery and health endpoints
/// are never faulted); the first rule that matches and fires applies. Probabilities draw from one generator
/// seeded by <see cref="KubernetesEmulatorOptions.FaultSeed"/>, so a run with the same requests in the same order
/// faults the same ones.
/// </summary>
public sealed class FaultRules
{
    private readonly Lock _gate = new();
    private readonly List<FaultRule> _rules = [];
    private readonly Random _random;

    internal FaultRules(int? seed)
    {
        _random = seed is { } s ? new Random(s) : new Random();
    }

    /// <summary>The rules in the order they are checked.</summary>
    public IReadOnlyList<FaultRule> Rules
    {
        get
        {
            lock (_gate)
            {
                return _rules.ToList();
            }
        }
    }

    /// <summary>Adds a rule and returns it (its <see cref="FaultRule.Fired"/> counts hits).</summary>
    /// <param name="rule">The rule.</param>
    /// <exception cref="ArgumentOutOfRangeException">The rule's probability or count is out of range.</exception>
    public FaultRule Add(FaultRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        rule.Validate();
        lock (_gate)
        {
            _rules.Add(rule);
        }

        return rule;
    }

    /// <summary>Removes a rule; returns whether it was there.</summary>
    /// <param name="rule">The rule to remove.</param>
    public bool Remove(FaultRule rule)
    {
        lock (_gate)
        {
            return _rules.Remove(rule);
        }
    }

    /// <summary>Removes every rule.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _rules.Clear();
        }
    }

    /// <summary>The fault for a request, or null when no rule picks it.</summary>
    internal Fault? Pick(string verb, string resource, string? ns, string? name)
    {
        lock (_gate)
        {
            foreach (var rule in _rules)
            {
                if (!rule.Matches(verb, resource, ns, name))
                {
                    continue;
                }

                if (rule.Fault.Kind == FaultKind.CloseWatch && verb != "watch")
                {
                    continue;
                }

                if (rule.Probability < 1 && _random.NextDouble() >= rule.Probability)
                {
                    continue;
                }

                if (rule.TryFire())
                {
                    return rule.Fault;
                }
            }

            return null;
        }
    }
}
