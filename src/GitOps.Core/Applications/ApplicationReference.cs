namespace GitOps.Applications;

/// <summary>A reference to another application by name, optionally in a namespace (<c>spec.dependsOn</c> items).</summary>
/// <param name="Name">The application's name.</param>
/// <param name="Namespace">Its namespace; <see langword="null"/> for the referring application's own namespace.</param>
public sealed record ApplicationReference(string Name, string? Namespace = null)
{
    /// <summary>Parses <c>name</c> or <c>namespace/name</c>.</summary>
    /// <param name="text">The reference.</param>
    /// <exception cref="FormatException">The text is empty or has an empty part or more than one slash.</exception>
    public static ApplicationReference Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split('/');
        if (parts.Length > 2 || parts.Any(p => p.Trim().Length == 0))
        {
            throw new FormatException($"'{text}' is not an application reference; write 'name' or 'namespace/name'");
        }

        return parts.Length == 1 ? new ApplicationReference(parts[0].Trim()) : new ApplicationReference(parts[1].Trim(), parts[0].Trim());
    }

    /// <summary>Resolves the namespace against the referring application's namespace.</summary>
    /// <param name="referrerNamespace">The namespace of the application holding the reference.</param>
    public ApplicationReference WithDefaultNamespace(string referrerNamespace) =>
        Namespace is null ? this with { Namespace = referrerNamespace } : this;

    /// <inheritdoc />
    public override string ToString() => Namespace is null ? Name : $"{Namespace}/{Name}";
}
