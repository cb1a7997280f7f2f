namespace GitOps.Renderers.Helm;

/// <summary>One Helm value set by name (Argo CD's <c>helm.parameters</c> and <c>fileParameters</c>).</summary>
/// <param name="Name">The value's path, such as <c>image.tag</c> or <c>list[0]</c>.</param>
/// <param name="Value">The value, or the file path for <see cref="HelmParameterKind.File"/>.</param>
/// <param name="Kind">How <paramref name="Value"/> is read.</param>
public sealed record HelmParameter(string Name, string Value, HelmParameterKind Kind = HelmParameterKind.Value);
