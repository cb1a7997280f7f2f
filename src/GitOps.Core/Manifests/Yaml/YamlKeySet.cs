namespace GitOps.Manifests.Yaml;

/// <summary>
/// The keys of one mapping, to find a repeated key. Most mappings have a handful of keys, which a scan finds
/// faster than hashing; larger ones switch to a hash set.
/// </summary>
internal sealed class YamlKeySet
{
    private const int ScanLimit = 8;

    private readonly List<string> _keys = [];
    private HashSet<string>? _set;

    /// <summary>Forgets every key, keeping the room.</summary>
    public void Clear()
    {
        _keys.Clear();
        _set?.Clear();
    }

    /// <summary>Adds a key; false when the mapping already has it.</summary>
    public bool Add(string key)
    {
        if (_keys.Count < ScanLimit)
        {
            foreach (var known in _keys)
            {
                if (string.Equals(known, key, StringComparison.Ordinal))
                {
                    return false;
                }
            }

            _keys.Add(key);
            return true;
        }

        if (_set is null)
        {
            _set = new HashSet<string>(StringComparer.Ordinal);
        }

        if (_set.Count == 0)
        {
            _set.UnionWith(_keys);
        }

        return _set.Add(key);
    }
}
