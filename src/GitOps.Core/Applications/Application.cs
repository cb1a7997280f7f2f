using GitOps.Manifests;

namespace GitOps.Applications;

/// <summary>
/// An application: what to deploy (one or more sources), where (a destination) and how (a sync policy), in the shape of
/// Argo CD's <c>argoproj.io/v1alpha1</c> <c>Application</c>. Read one with <see cref="ApplicationManifestReader"/>.
/// </summary>
public sealed record Application
{
    /// <summary>The API version the application was written in, such as <c>argoproj.io/v1alpha1</c>.</summary>
    public string ApiVersion { get; init; } = ApplicationManifestReader.ArgoCdApiVersion;

    /// <summary>Name, namespace, labels and annotations.</summary>
    public required ApplicationMetadata Metadata { get; init; }

    /// <summary>The desired state.</summary>
    public required ApplicationSpec Spec { get; init; }

    /// <summary>Where the application was read from, if known.</summary>
    public SourceLocation? Location { get; init; }

    /// <summary>The application's name.</summary>
    public string Name => Metadata.Name;

    /// <summary><c>namespace/name</c>, or the name alone when the namespace is empty.</summary>
    public string QualifiedName => Metadata.Namespace.Length == 0 ? Metadata.Name : $"{Metadata.Namespace}/{Metadata.Name}";

    /// <inheritdoc />
    public override string ToString() => "Application " + QualifiedName;
}
