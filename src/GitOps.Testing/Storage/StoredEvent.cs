using System.Text.Json.Nodes;

namespace GitOps.Testing.Storage;

/// <summary>A change to storage as watchers see it: the object after the change (or at removal) and the one before.</summary>
internal sealed record StoredEvent(WatchEventType Type, long ResourceVersion, string GroupResource, string Namespace, JsonObject Object, JsonObject? Previous);
