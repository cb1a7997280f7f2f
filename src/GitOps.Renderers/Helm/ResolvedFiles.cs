namespace GitOps.Renderers.Helm;

/// <summary>The repository files a Helm render reads besides the chart: value files in order, and --set-file files.</summary>
/// <param name="ValueFiles">Value files, in the order given (glob matches in ordinal order).</param>
/// <param name="SetFiles">The file of each <see cref="HelmParameterKind.File"/> parameter.</param>
internal sealed record ResolvedFiles(IReadOnlyList<string> ValueFiles, IReadOnlyDictionary<HelmParameter, string> SetFiles);
