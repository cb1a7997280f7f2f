namespace GitOps.Renderers.Tools;

/// <summary>What a program call produced.</summary>
/// <param name="ExitCode">The exit code.</param>
/// <param name="Stdout">Standard output, as bytes.</param>
/// <param name="Stderr">Standard error, as text (secrets redacted).</param>
/// <param name="Elapsed">How long the call took.</param>
internal sealed record ToolResult(int ExitCode, byte[] Stdout, string Stderr, TimeSpan Elapsed);
