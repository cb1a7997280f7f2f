namespace GitOps.Testing.Apply;

/// <summary>Which top-level fields an operation can own: everything, all but status (main resource of a kind with /status), or status only.</summary>
internal enum FieldScope
{
    /// <summary>Every field (kinds without a status subresource).</summary>
    All,

    /// <summary>Everything except status: the main resource of a kind with a status subresource.</summary>
    WithoutStatus,

    /// <summary>Only status: writes through <c>/status</c>.</summary>
    StatusOnly,
}
