namespace GitOps.Diff;

/// <summary>How desired and live state are compared.</summary>
public enum DiffStrategy
{
    /// <summary>
    /// A dry-run server-side apply of the desired object, compared with live: the server's own defaulting, admission and
    /// field ownership decide. Needs a cluster; the default when the server supports it.
    /// </summary>
    ServerSide,

    /// <summary>
    /// Desired merged onto live, with fields of the last-applied configuration that desired no longer has removed:
    /// what <c>kubectl apply</c> would do.
    /// </summary>
    ThreeWay,

    /// <summary>Desired merged onto live; fields only live has are kept (server defaults, other writers).</summary>
    TwoWay,
}
