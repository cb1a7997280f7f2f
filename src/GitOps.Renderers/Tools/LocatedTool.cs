namespace GitOps.Renderers.Tools;

/// <summary>A program found and checked.</summary>
/// <param name="Tool">Which program.</param>
/// <param name="Path">Its full path.</param>
/// <param name="Version">The version it reported.</param>
internal sealed record LocatedTool(ExternalTool Tool, string Path, Version Version);
