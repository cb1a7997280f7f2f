namespace GitOps.Applications.Webhooks;

/// <summary>The outcome of parsing a webhook. Messages never contain secrets.</summary>
public sealed record GitWebhookResult
{
    /// <summary>What became of the webhook.</summary>
    public required GitWebhookStatus Status { get; init; }

    /// <summary>The provider, when it could be told.</summary>
    public GitWebhookProvider? Provider { get; init; }

    /// <summary>The pushes (Bitbucket can carry several in one webhook).</summary>
    public IReadOnlyList<GitPushEvent> Events { get; init; } = [];

    /// <summary>Why the webhook was ignored or refused, or a summary when accepted.</summary>
    public string Message { get; init; } = string.Empty;
}
