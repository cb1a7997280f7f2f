namespace GitOps.Applications;

/// <summary>A name and value shown with an application (<c>spec.info</c>).</summary>
/// <param name="Name">The name.</param>
/// <param name="Value">The value.</param>
public sealed record ApplicationInfo(string Name, string Value);
