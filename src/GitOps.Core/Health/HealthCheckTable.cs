using System.Collections.Frozen;

namespace GitOps.Health;

/// <summary>
/// Finds the check for an object's <c>apiVersion</c> and kind without allocating: by kind first, then by comparing
/// the group part of the <c>apiVersion</c> as a span; a group-wide (<see cref="HealthCheckRegistration.AnyKind"/>)
/// registration is the fallback.
/// </summary>
internal sealed class HealthCheckTable
{
    private readonly FrozenDictionary<string, (string Group, IHealthCheck Check)[]>.AlternateLookup<ReadOnlySpan<char>> _byKind;
    private readonly bool _hasByKind;
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

        _byKind = byKind.ToFrozenDictionary(p => p.Key, p => p.Value.ToArray(), StringComparer.Ordinal)
            .GetAlternateLookup<ReadOnlySpan<char>>();
        _hasByKind = byKind.Count > 0;
        _byGroup = byGroup.ToFrozenDictionary(StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();
        _hasGroupWide = byGroup.Count > 0;
    }

    public bool IsEmpty => !_hasByKind && !_hasGroupWide;

    public IHealthCheck? Find(ReadOnlySpan<char> apiVersion, ReadOnlySpan<char> kind)
    {
        var slash = apiVersion.IndexOf('/');
        var group = slash < 0 ? [] : apiVersion[..slash];
        if (_hasByKind && _byKind.TryGetValue(kind, out var entries))
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
