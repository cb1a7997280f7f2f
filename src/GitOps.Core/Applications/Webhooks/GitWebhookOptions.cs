namespace GitOps.Applications.Webhooks;

/// <summary>
/// Secrets that authenticate webhooks. A provider whose secret is set must present it; a provider whose secret is not set
/// is rejected unless <see cref="AllowUnauthenticated"/> (Argo CD accepts such webhooks; we do not by default).
/// </summary>
public sealed class GitWebhookOptions
{
    /// <summary>The GitHub webhook secret, checked against <c>X-Hub-Signature-256</c> (HMAC-SHA256 of the body).</summary>
    public string? GitHubSecret { get; init; }

    /// <summary>The GitLab secret token, compared with <c>X-Gitlab-Token</c>.</summary>
    public string? GitLabSecret { get; init; }

    /// <summary>The Bitbucket Cloud webhook UUID, compared with <c>X-Hook-UUID</c> (Argo CD's <c>webhook.bitbucket.uuid</c>).</summary>
    public string? BitbucketUuid { get; init; }

    /// <summary>A Bitbucket Cloud webhook secret, checked against <c>X-Hub-Signature</c> (HMAC-SHA256 of the body).</summary>
    public string? BitbucketSecret { get; init; }

    /// <summary>The token of the generic form, given as <c>Authorization: Bearer …</c> or <c>X-GitOps-Token</c>.</summary>
    public string? GenericToken { get; init; }

    /// <summary>Accept webhooks of providers that have no secret configured. Default <see langword="false"/>.</summary>
    public bool AllowUnauthenticated { get; init; }

    /// <summary>The largest body accepted. Default 25 MiB.</summary>
    public int MaxPayloadBytes { get; init; } = 25 * 1024 * 1024;
}
