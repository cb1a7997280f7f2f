namespace GitOps.Versioning;

/// <summary>The operator of one comparison in a <see cref="SemVersionRange"/>.</summary>
internal enum SemVersionOperator
{
    /// <summary>No operator or <c>=</c>: equal, or a tilde range when the version has wildcards.</summary>
    EqualOrTilde,

    /// <summary><c>!=</c>.</summary>
    NotEqual,

    /// <summary><c>&gt;</c>.</summary>
    Greater,

    /// <summary><c>&gt;=</c> or <c>=&gt;</c>.</summary>
    GreaterOrEqual,

    /// <summary><c>&lt;</c>.</summary>
    Less,

    /// <summary><c>&lt;=</c> or <c>=&lt;</c>.</summary>
    LessOrEqual,

    /// <summary><c>~</c> or <c>~&gt;</c>: patch-level changes (minor-level when only the major is given).</summary>
    Tilde,

    /// <summary><c>^</c>: changes that keep the left-most non-zero number.</summary>
    Caret,
}
