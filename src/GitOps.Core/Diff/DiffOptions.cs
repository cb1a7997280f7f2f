namespace GitOps.Diff;

/// <summary>How the differ compares objects.</summary>
public sealed class DiffOptions
{
    /// <summary>
    /// The strategy. <see cref="DiffStrategy.ServerSide"/> needs a cluster and is carried out by the state comparer;
    /// the in-process differ then compares the server's dry-run result two-way. Default <see cref="DiffStrategy.ThreeWay"/>.
    /// </summary>
    public DiffStrategy Strategy { get; init; } = DiffStrategy.ThreeWay;

    /// <summary>Whether <c>status</c> is compared too. Default <see langword="false"/>: status is the cluster's business.</summary>
    public bool CompareStatus { get; init; }

    /// <summary>Differences to ignore.</summary>
    public IReadOnlyList<IgnoreDifferencesRule> IgnoreDifferences { get; init; } = [];

    /// <summary>Extra normalizers, run after the built-in ones.</summary>
    public IReadOnlyList<IDiffNormalizer> Normalizers { get; init; } = [];

    /// <summary>Lines of context around each change in the unified diff. Default 3.</summary>
    public int ContextLines { get; init; } = 3;
}
