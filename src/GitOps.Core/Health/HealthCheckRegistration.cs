namespace GitOps.Health;

/// <summary>A custom health check for one API group and kind.</summary>
/// <remarks>
/// Registered through <c>AddHealthCheck</c>, or passed to the <see cref="HealthAssessor"/> constructor when not using
/// dependency injection. When several registrations name the same group and kind, the last one wins.
/// </remarks>
public sealed class HealthCheckRegistration
{
    /// <summary>The kind that matches every kind of the group.</summary>
    public const string AnyKind = "*";

    /// <summary>Creates a registration.</summary>
    /// <param name="group">The API group; empty for the core group (Pod, Service...).</param>
    /// <param name="kind">The kind, such as <c>Deployment</c>, or <see cref="AnyKind"/> for every kind of the group.</param>
    /// <param name="check">The check.</param>
    public HealthCheckRegistration(string group, string kind, IHealthCheck check)
    {
        Validate(group, kind);
        ArgumentNullException.ThrowIfNull(check);
        Group = group;
        Kind = kind;
        Check = check;
    }

    /// <summary>The API group; empty for the core group.</summary>
    public string Group { get; }

    /// <summary>The kind, or <see cref="AnyKind"/>.</summary>
    public string Kind { get; }

    /// <summary>The check.</summary>
    public IHealthCheck Check { get; }

    /// <summary>Checks a group and kind, so that registration fails early rather than when the assessor is built.</summary>
    internal static void Validate(string group, string kind)
    {
        ArgumentNullException.ThrowIfNull(group);
        ArgumentException.ThrowIfNullOrEmpty(kind);
        if (group.Contains('/', StringComparison.Ordinal))
        {
            throw new ArgumentException(
                $"The group '{group}' contains '/': pass the API group without a version, such as 'apps'.", nameof(group));
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"{(Group.Length == 0 ? "core" : Group)}/{Kind}: {Check.GetType().Name}";
}
