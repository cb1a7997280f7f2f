namespace GitOps.ApplicationResources;

/// <summary>An Application resource in a cluster, as Events and status writes address it.</summary>
/// <param name="Namespace">Its namespace.</param>
/// <param name="Name">Its name.</param>
/// <param name="Uid">Its uid, which tells a re-created object from the old one.</param>
/// <param name="ResourceVersion">The resource version last seen.</param>
public sealed record ApplicationResourceReference(string Namespace, string Name, string Uid, string ResourceVersion)
{
    /// <summary>The Application kind's API version.</summary>
    public const string ApiVersion = "argoproj.io/v1alpha1";

    /// <summary>The kind.</summary>
    public const string Kind = "Application";

    /// <summary><c>namespace/name</c>, the application's qualified name.</summary>
    public string QualifiedName => Namespace.Length == 0 ? Name : $"{Namespace}/{Name}";
}
