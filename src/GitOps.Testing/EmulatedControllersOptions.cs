namespace GitOps.Testing;

/// <summary>
/// The simulated controllers (Deployment, ReplicaSet, StatefulSet, DaemonSet, Job, PVC binding, LoadBalancer
/// addresses and a kubelet for pods) that make workloads report status as on a cluster.
/// </summary>
public sealed class EmulatedControllersOptions
{
    /// <summary>Whether the controllers run (on by default).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How long after a change a controller reacts to it; <see cref="TimeSpan.Zero"/> reacts at once (for benchmarks).</summary>
    public TimeSpan Delay { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// A container image whose name and tag (the part after the last <c>/</c>, such as <c>fail-app:1</c> or
    /// <c>app:will-fail</c>) contain this text, ignoring case, makes its workload fail: pods crash-loop, Deployments
    /// stop progressing (ProgressDeadlineExceeded) and Jobs fail (BackoffLimitExceeded).
    /// </summary>
    public string FailureMarker { get; set; } = "fail";

    /// <summary>The field manager controllers record their writes under (pods' status is recorded as <c>kubelet</c>).</summary>
    public string FieldManager { get; set; } = "kube-controller-manager";

    internal void Validate()
    {
        if (Delay < TimeSpan.Zero)
        {
            throw new System.ComponentModel.DataAnnotations.ValidationException($"Controllers.{nameof(Delay)} must not be negative.");
        }

        if (string.IsNullOrEmpty(FailureMarker))
        {
            throw new System.ComponentModel.DataAnnotations.ValidationException($"Controllers.{nameof(FailureMarker)} must not be empty.");
        }

        if (string.IsNullOrWhiteSpace(FieldManager))
        {
            throw new System.ComponentModel.DataAnnotations.ValidationException($"Controllers.{nameof(FieldManager)} must not be empty.");
        }
    }
}
