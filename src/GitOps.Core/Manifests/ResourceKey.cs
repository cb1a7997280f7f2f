namespace GitOps.Manifests;

/// <summary>
/// The identity of a Kubernetes object: group, kind, namespace and name. The API version is deliberately
/// not part of it, so <c>apps/v1</c> and <c>apps/v1beta2</c> Deployments of the same name are one object.
/// </summary>
/// <param name="Group">The API group; empty for the core group.</param>
/// <param name="Kind">The kind, such as <c>Deployment</c>.</param>
/// <param name="Namespace">The namespace; empty for cluster-scoped objects or when not yet known.</param>
/// <param name="Name">The object's name.</param>
public readonly record struct ResourceKey(string Group, string Kind, string Namespace, string Name)
{
    /// <summary>Formats the key as <c>group/Kind/namespace/name</c>, with empty parts kept as empty segments.</summary>
    public override string ToString() => $"{Group}/{Kind}/{Namespace}/{Name}";

    /// <summary>Returns the same key with another namespace.</summary>
    public ResourceKey WithNamespace(string @namespace) => this with { Namespace = @namespace };
}
