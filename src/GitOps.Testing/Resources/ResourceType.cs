namespace GitOps.Testing.Resources;

/// <summary>One served resource: where it lives in the API and how its objects are handled.</summary>
internal sealed record ResourceType
{
    public required string Group { get; init; }

    public required string Version { get; init; }

    public required string Kind { get; init; }

    public required string Plural { get; init; }

    public required bool Namespaced { get; init; }

    public string Singular => Kind.ToLowerInvariant();

    public IReadOnlyList<string> ShortNames { get; init; } = [];

    public IReadOnlyList<string> Categories { get; init; } = [];

    /// <summary>Whether <c>/status</c> is a separate subresource: the main resource then ignores status changes.</summary>
    public bool HasStatus { get; init; }

    /// <summary>The CRD version's <c>openAPIV3Schema</c> of a custom resource type, or null.</summary>
    public System.Text.Json.Nodes.JsonObject? Schema { get; init; }

    /// <summary>The columns <c>kubectl get</c> shows between Name and Age (a CRD's additionalPrinterColumns replace Age).</summary>
    public IReadOnlyList<PrinterColumn> PrinterColumns { get; init; } = [];

    /// <summary>The <c>/scale</c> subresource, or null when the kind has none.</summary>
    public ScaleSubresource? Scale { get; init; }

    /// <summary>The subresources served besides the main resource.</summary>
    public IReadOnlyList<string> Subresources => (HasStatus, Scale is not null) switch
    {
        (true, true) => ["status", "scale"],
        (true, false) => ["status"],
        (false, true) => ["scale"],
        _ => [],
    };

    /// <summary>Whether the kind is compiled into Kubernetes (strategic merge patch works) rather than a CRD.</summary>
    public bool BuiltIn { get; init; } = true;

    /// <summary>Names follow DNS-1123 label rules (63 chars, no dots) instead of subdomain rules.</summary>
    public NameRule NameRule { get; init; } = NameRule.Subdomain;

    /// <summary>Whether objects carry <c>metadata.generation</c>, bumped on spec changes (ConfigMaps, Secrets... have none).</summary>
    public bool TracksGeneration { get; init; } = true;

    /// <summary>The per-kind hooks for defaulting, validation and update preparation.</summary>
    public IResourceStrategy Strategy { get; init; } = DefaultResourceStrategy.Instance;

    /// <summary>The CRD that defines this type (its name), or null for built-in kinds.</summary>
    public string? DefinedBy { get; init; }

    /// <summary>
    /// The CRD's storage version when it differs from <see cref="Version"/> or not (null for built-in kinds): objects
    /// written through any served version are stored with this version's apiVersion.
    /// </summary>
    public string? StorageVersion { get; init; }

    /// <summary>Whether the CRD converts through a webhook (<c>spec.conversion.strategy: Webhook</c>), which the emulator cannot call.</summary>
    public bool WebhookConversion { get; init; }

    /// <summary>The <c>Warning</c> every request to a deprecated CRD version gets, or null.</summary>
    public string? DeprecationWarning { get; init; }

    /// <summary>The apiVersion objects are stored with: the storage version's for custom resources, else this version's.</summary>
    public string StorageApiVersion => StorageVersion is null ? ApiVersion : Group.Length == 0 ? StorageVersion : $"{Group}/{StorageVersion}";

    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    /// <summary>The storage identity: versions of one group and resource share their objects.</summary>
    public string GroupResource => Group.Length == 0 ? Plural : $"{Plural}.{Group}";

    public IReadOnlyList<string> Verbs { get; init; } = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];
}
