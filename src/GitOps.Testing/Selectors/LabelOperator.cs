namespace GitOps.Testing.Selectors;

/// <summary>Label selector operators.</summary>
internal enum LabelOperator
{
    /// <summary><c>=</c> or <c>==</c>.</summary>
    Equals,

    /// <summary><c>!=</c>.</summary>
    NotEquals,

    /// <summary><c>in (…)</c>.</summary>
    In,

    /// <summary><c>notin (…)</c>.</summary>
    NotIn,

    /// <summary>A bare key.</summary>
    Exists,

    /// <summary><c>!key</c>.</summary>
    DoesNotExist,
}
