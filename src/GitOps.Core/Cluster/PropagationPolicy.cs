namespace GitOps.Cluster;

/// <summary>What happens to an object's dependents when it is deleted.</summary>
public enum PropagationPolicy
{
    /// <summary>Dependents are deleted first; the object goes when they are gone.</summary>
    Foreground,

    /// <summary>The object goes at once; dependents are deleted in the background.</summary>
    Background,

    /// <summary>Dependents are kept and lose their owner reference.</summary>
    Orphan,
}
