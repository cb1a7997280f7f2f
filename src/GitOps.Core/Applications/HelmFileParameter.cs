namespace GitOps.Applications;

/// <summary>A Helm <c>--set-file</c> parameter.</summary>
/// <param name="Name">The dotted value path.</param>
/// <param name="Path">The file whose content becomes the value.</param>
public sealed record HelmFileParameter(string Name, string Path);
