using System.Collections.Frozen;

namespace GitOps.Health;

/// <summary>
/// Finds the check for an object's <c>apiVersion</c> and kind without allocating: by kind first, then by comparing
/// the group part of the <c>apiVersion</c> as a span; a group-wide (<see cref="HealthCheckRegistration.AnyKind"/>)
/// registration is the fallback.
/// </summary>
internal sealed class HealthCheckTable
{
    private readonly FrozenDictionary<string, (string Group, IHealthCheck Check)[]> _byKind;
    private readonly FrozenDictionary<string, IHealthCheck>.AlternateLookup<ReadOnlySpan<char>> _byGroup;
    private readonly bool _hasGroupWide;

    public HealthCheckTable(IEnumerable<HealthCheckRegistration> registrations)
    {
        var byKind = new Dictionary<string, List<(string, IHealthCheck)>>(StringComparer.Ordinal);
        var byGroup = new Dictionary<string, IHealthCheck>(StringComparer.Ordinal);
        foreach (var registration in registrations)
        {
            if (registration.Kind == HealthCheckRegistration.AnyKind)
            {
                byGroup[registration.Group] = registration.Check;
                continue;
            }

            if (!byKind.TryGetValue(registration.Kind, out var list))
            {
                list = [];
                byKind[registration.Kind] = list;
            }

            // The last registration for a group and kind wins, as with other services.
            list.RemoveAll(e => e.Item1 == registration.Group);
            list.Add((registration.Group, registration.Check));
        }

        _byKind = byKind.ToFrozenDictionary(p => p.Key, p => p.Value.ToArray(), StringComparer.Ordinal);
        _byGroup = byGroup.ToFrozenDictionary(StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();
        _hasGroupWide = byGroup.Count > 0;
    }

    public bool IsEmpty => _byKind.Count == 0 && !_hasGroupWide;

    public IHealthCheck? Find(string apiVersion, string kind)
    {
        var slash = apiVersion.IndexOf('/', StringComparison.Ordinal);
        var group = slash < 0 ? [] : apiVersion.AsSpan(0, slash);
        if (_byKind.TryGetValue(kind, out var entries))
        {
            foreach (var (entryGroup, check) in entries)
            {
                if (group.SequenceEqual(entryGroup))
                {
                    return check;
                }
            }
        }

        return _hasGroupWide && _byGroup.TryGetValue(group, out var groupWide) ? groupWide : null;
    }
}
