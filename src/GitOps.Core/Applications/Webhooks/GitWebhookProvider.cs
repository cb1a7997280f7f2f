namespace GitOps.Applications.Webhooks;

/// <summary>The Git service that sent a webhook.</summary>
public enum GitWebhookProvider
{
    /// <summary>GitHub (<c>X-GitHub-Event</c>).</summary>
    GitHub,

    /// <summary>GitLab (<c>X-Gitlab-Event</c>).</summary>
    GitLab,

    /// <summary>Bitbucket Cloud (<c>X-Event-Key</c>).</summary>
    Bitbucket,

    /// <summary>Our provider-neutral form: a JSON body with the repository and revision, and a shared token.</summary>
    Generic,
}
