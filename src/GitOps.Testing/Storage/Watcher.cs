using System.Threading.Channels;

namespace GitOps.Testing.Storage;

/// <summary>One open watch: the events of a group-resource (optionally one namespace) queued for its response stream.</summary>
internal sealed class Watcher
{
    public Watcher(string? groupResource, string? ns)
    {
        GroupResource = groupResource;
        Namespace = ns;
    }

    /// <summary>The group-resource watched, or null for every one (the controllers' watch).</summary>
    public string? GroupResource { get; }

    public string? Namespace { get; }

    public Channel<StoredEvent> Events { get; } = Channel.CreateUnbounded<StoredEvent>(new UnboundedChannelOptions { SingleReader = true });

    public bool Wants(StoredEvent e) => (GroupResource is null || e.GroupResource == GroupResource) && (Namespace is null || Namespace == e.Namespace);
}
