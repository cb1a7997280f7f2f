using BenchmarkDotNet.Running;

namespace GitOps.Benchmarks;

/// <summary>Runs the benchmarks picked on the command line, for example <c>--filter *GitSource*</c>.</summary>
public static class Program
{
    /// <summary>The entry point.</summary>
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
