namespace GitOps.Applications;

/// <summary>Helm options of a source (Argo CD's <c>source.helm</c>).</summary>
public sealed record HelmSourceOptions
{
    /// <summary>The release name (<c>releaseName</c>); the application name when <see langword="null"/>.</summary>
    public string? ReleaseName { get; init; }

    /// <summary>Value files, relative to the source path, or <c>$ref/path</c> into a ref source.</summary>
    public IReadOnlyList<string> ValueFiles { get; init; } = [];

    /// <summary>Inline values as YAML text (<c>values</c>), or <see langword="null"/>.</summary>
    public string? Values { get; init; }

    /// <summary>Inline values given as an object (<c>valuesObject</c>), as JSON text, or <see langword="null"/>. Wins over <see cref="Values"/>.</summary>
    public string? ValuesObject { get; init; }

    /// <summary>The inline values in effect: <see cref="ValuesObject"/> if given, otherwise <see cref="Values"/>.</summary>
    public string? EffectiveValues => ValuesObject ?? Values;

    /// <summary><c>--set</c> style parameters.</summary>
    public IReadOnlyList<HelmParameter> Parameters { get; init; } = [];

    /// <summary><c>--set-file</c> style parameters.</summary>
    public IReadOnlyList<HelmFileParameter> FileParameters { get; init; } = [];

    /// <summary>Value files that do not exist are skipped instead of failing.</summary>
    public bool IgnoreMissingValueFiles { get; init; }

    /// <summary>Leave out the chart's CRDs.</summary>
    public bool SkipCrds { get; init; }

    /// <summary>Skip the chart's JSON-schema validation of values.</summary>
    public bool SkipSchemaValidation { get; init; }

    /// <summary>Leave out test hooks.</summary>
    public bool SkipTests { get; init; }

    /// <summary>The namespace given to Helm (<c>namespace</c>); the destination namespace when <see langword="null"/>.</summary>
    public string? Namespace { get; init; }

    /// <summary>The Kubernetes version templates see (<c>kubeVersion</c>), or <see langword="null"/>.</summary>
    public string? KubeVersion { get; init; }

    /// <summary>API versions templates see (<c>apiVersions</c>).</summary>
    public IReadOnlyList<string> ApiVersions { get; init; } = [];

    /// <summary>Pass repository credentials to every domain (<c>passCredentials</c>).</summary>
    public bool PassCredentials { get; init; }

    /// <summary>The Helm major version asked for (<c>version</c>, such as <c>v3</c>), or <see langword="null"/>.</summary>
    public string? Version { get; init; }
}
