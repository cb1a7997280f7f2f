namespace GitOps.Testing.Tests.Support;

/// <summary>What a kubectl run printed and its exit code.</summary>
internal sealed record KubectlResult(int ExitCode, string Stdout, string Stderr);
