namespace GitOps.Apply;

/// <summary>How an object is written to the cluster.</summary>
public enum ApplyStrategy
{
    /// <summary>Server-side apply under a field manager: the server merges and tracks field ownership. The default.</summary>
    ServerSide,

    /// <summary>
    /// kubectl's client-side apply: a three-way merge of the last-applied configuration, desired and live, with the
    /// last-applied annotation updated.
    /// </summary>
    ClientSide,

    /// <summary>Create, or replace the whole object (PUT) without merging. A live CRD or Namespace is applied instead, never replaced.</summary>
    Replace,

    /// <summary>Delete the live object and create it again.</summary>
    Force,
}
