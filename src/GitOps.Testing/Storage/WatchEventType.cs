namespace GitOps.Testing.Storage;

/// <summary>The watch event types of the Kubernetes API.</summary>
internal enum WatchEventType
{
    /// <summary>An object was created (or is part of the initial state).</summary>
    Added,

    /// <summary>An object changed.</summary>
    Modified,

    /// <summary>An object was removed from storage.</summary>
    Deleted,

    /// <summary>A resource-version marker without an object change.</summary>
    Bookmark,

    /// <summary>An error, such as a resource version too old to resume from.</summary>
    Error,
}
