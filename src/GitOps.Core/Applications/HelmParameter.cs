namespace GitOps.Applications;

/// <summary>A Helm <c>--set</c> parameter.</summary>
/// <param name="Name">The dotted value path.</param>
/// <param name="Value">The value.</param>
/// <param name="ForceString">Keep the value a string (<c>--set-string</c>).</param>
public sealed record HelmParameter(string Name, string Value, bool ForceString = false);
