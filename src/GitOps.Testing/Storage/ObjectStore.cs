using System.Text.Json.Nodes;
using GitOps.Testing.Json;

namespace GitOps.Testing.Storage;

/// <summary>
/// The raw storage: objects by group-resource, namespace and name, one increasing resource-version counter, a
/// bounded event history for resuming watches, and the open watchers. Callers hold <see cref="Gate"/> around
/// every read-modify-write so each operation is atomic, as with etcd transactions.
/// </summary>
internal sealed class ObjectStore
{
    private readonly Dictionary<string, SortedDictionary<string, JsonObject>> _objects = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string GroupResource, string Key)> _byUid = new(StringComparer.Ordinal);
    private readonly LinkedList<StoredEvent> _history = new();
    private readonly List<Watcher> _watchers = [];
    private readonly int _historySize;

    public ObjectStore(int historySize)
    {
        _historySize = historySize;
    }

    public Lock Gate { get; } = new();

    /// <summary>The resource version of the last write.</summary>
    public long ResourceVersion { get; private set; } = 1;

    /// <summary>The oldest resource version a watch can resume from; older ones are compacted away.</summary>
    public long OldestResumable => _history.First?.Value.ResourceVersion - 1 ?? ResourceVersion;

    public static string Key(string ns, string name) => ns + "/" + name;

    public JsonObject? Get(string groupResource, string ns, string name) =>
        _objects.TryGetValue(groupResource, out var map) && map.TryGetValue(Key(ns, name), out var obj) ? obj : null;

    public (string GroupResource, JsonObject Object)? GetByUid(string uid) =>
        _byUid.TryGetValue(uid, out var at) && Get(at.GroupResource, SplitNs(at.Key), SplitName(at.Key)) is { } obj ? (at.GroupResource, obj) : null;

    /// <summary>The objects of a group-resource in key order (namespace, then name), optionally one namespace.</summary>
    public IEnumerable<KeyValuePair<string, JsonObject>> List(string groupResource, string? ns)
    {
        if (!_objects.TryGetValue(groupResource, out var map))
        {
            return [];
        }

        return ns is null ? map : map.Where(p => p.Key.StartsWith(ns + "/", StringComparison.Ordinal));
    }

    public IEnumerable<(string GroupResource, JsonObject Object)> All() =>
        _objects.SelectMany(g => g.Value.Values.Select(o => (g.Key, o)));

    public bool AnyIn(string groupResource) => _objects.TryGetValue(groupResource, out var map) && map.Count > 0;

    /// <summary>Stores an object under the next resource version and tells watchers.</summary>
    public JsonObject Put(string groupResource, JsonObject obj, bool created)
    {
        var rv = ++ResourceVersion;
        obj.Metadata()["resourceVersion"] = rv.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (!_objects.TryGetValue(groupResource, out var map))
        {
            map = new SortedDictionary<string, JsonObject>(StringComparer.Ordinal);
            _objects[groupResource] = map;
        }

        var key = Key(obj.Namespace(), obj.Name());
        map.TryGetValue(key, out var previous);
        map[key] = obj;
        _byUid[obj.Uid()] = (groupResource, key);
        Publish(new StoredEvent(created ? WatchEventType.Added : WatchEventType.Modified, rv, groupResource, obj.Namespace(), obj.DeepCloneObject(), previous?.DeepCloneObject()));
        return obj;
    }

    /// <summary>Removes an object; watchers see it with the resource version of the removal.</summary>
    public void Remove(string groupResource, JsonObject obj)
    {
        if (!_objects.TryGetValue(groupResource, out var map) || !map.Remove(Key(obj.Namespace(), obj.Name())))
        {
            return;
        }

        _byUid.Remove(obj.Uid());
        var rv = ++ResourceVersion;
        var last = obj.DeepCloneObject();
        last.Metadata()["resourceVersion"] = rv.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Publish(new StoredEvent(WatchEventType.Deleted, rv, groupResource, obj.Namespace(), last, obj.DeepCloneObject()));
    }

    /// <summary>
    /// The objects of a group-resource (optionally one namespace) as they were at <paramref name="version"/>, in key
    /// order: the current ones with the later history undone. Null when that version is compacted away.
    /// </summary>
    public SortedDictionary<string, JsonObject>? Snapshot(string groupResource, string? ns, long version)
    {
        if (version < OldestResumable || version > ResourceVersion)
        {
            return null;
        }

        var objects = new SortedDictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var (key, obj) in List(groupResource, ns))
        {
            objects[key] = obj;
        }

        for (var node = _history.Last; node is not null && node.Value.ResourceVersion > version; node = node.Previous)
        {
            var e = node.Value;
            if (e.GroupResource != groupResource || (ns is not null && e.Namespace != ns))
            {
                continue;
            }

            var key = Key(e.Namespace, e.Object.Name());
            if (e.Type == WatchEventType.Added || e.Previous is null)
            {
                objects.Remove(key);
            }
            else
            {
                objects[key] = e.Previous;
            }
        }

        return objects;
    }

    /// <summary>Registers a watcher and returns the history after <paramref name="fromVersion"/>, or null when compacted.</summary>
    public List<StoredEvent>? Subscribe(Watcher watcher, long? fromVersion)
    {
        List<StoredEvent>? replay = null;
        if (fromVersion is { } from)
        {
            if (from < OldestResumable)
            {
                return null;
            }

            replay = _history.Where(e => e.ResourceVersion > from && watcher.Wants(e)).ToList();
        }

        _watchers.Add(watcher);
        return replay ?? [];
    }

    public void Unsubscribe(Watcher watcher)
    {
        lock (Gate)
        {
            _watchers.Remove(watcher);
        }
    }

    private static string SplitNs(string key) => key[..key.IndexOf('/', StringComparison.Ordinal)];

    private static string SplitName(string key) => key[(key.IndexOf('/', StringComparison.Ordinal) + 1)..];

    private void Publish(StoredEvent e)
    {
        _history.AddLast(e);
        while (_history.Count > _historySize)
        {
            _history.RemoveFirst();
        }

        foreach (var watcher in _watchers)
        {
            if (watcher.Wants(e))
            {
                watcher.Events.Writer.TryWrite(e);
            }
        }
    }
}
