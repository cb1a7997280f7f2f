using GitOps.ApplicationResources;
using GitOps.Applications.Webhooks;

namespace GitOps.Hosting;

/// <summary>Settings of the hosted GitOps controller (<see cref="GitOpsControllerService"/>) and its webhook endpoint.</summary>
public sealed class GitOpsControllerOptions
{
    /// <summary>A folder of Application manifests loaded (recursively) when the host starts; none when null.</summary>
    public string? ApplicationsDirectory { get; set; }

    /// <summary>
    /// Take applications from <c>argoproj.io/v1alpha1</c> Application resources in the cluster, write their status back
    /// and record Events on them (see <see cref="ApplicationResources"/>). Default false.
    /// </summary>
    public bool WatchApplicationResources { get; set; }

    /// <summary>Namespaces, status writes and Events of the Application resources.</summary>
    public ApplicationResourceOptions ApplicationResources { get; } = new();

    /// <summary>The secrets of the webhook endpoint (<c>MapGitOpsWebhooks</c>); without any, webhooks are refused.</summary>
    public GitWebhookOptions Webhook { get; set; } = new();
}
