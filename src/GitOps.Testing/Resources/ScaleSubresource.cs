namespace GitOps.Testing.Resources;

/// <summary>Where a kind keeps what its <c>/scale</c> subresource shows (dot paths such as <c>spec.replicas</c>).</summary>
internal sealed record ScaleSubresource(string SpecReplicasPath, string StatusReplicasPath, string? LabelSelectorPath)
{
    /// <summary>The paths of the built-in scalable kinds.</summary>
    public static ScaleSubresource BuiltIn { get; } = new("spec.replicas", "status.replicas", "spec.selector");

    /// <summary>Reads a CRD's <c>subresources.scale</c> paths (JSON paths like <c>.spec.replicas</c>).</summary>
    public static ScaleSubresource? FromCrd(System.Text.Json.Nodes.JsonNode? scale)
    {
        if (scale is not System.Text.Json.Nodes.JsonObject s)
        {
            return null;
        }

        static string Path(System.Text.Json.Nodes.JsonNode? n) => (n?.GetValue<string>() ?? string.Empty).TrimStart('.');
        var spec = Path(s["specReplicasPath"]);
        var status = Path(s["statusReplicasPath"]);
        var selector = s["labelSelectorPath"] is null ? null : Path(s["labelSelectorPath"]);
        return spec.Length == 0 || status.Length == 0 ? null : new ScaleSubresource(spec, status, selector);
    }
}
