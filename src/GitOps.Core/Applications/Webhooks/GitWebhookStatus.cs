namespace GitOps.Applications.Webhooks;

/// <summary>What became of a webhook.</summary>
public enum GitWebhookStatus
{
    /// <summary>Authenticated and parsed into push events.</summary>
    Accepted,

    /// <summary>Authenticated, but not a push (a ping, another event); nothing to do.</summary>
    Ignored,

    /// <summary>The secret or signature is missing or wrong (HTTP 401).</summary>
    Unauthorized,

    /// <summary>The request is malformed: unknown provider, bad JSON, missing fields, too large (HTTP 400).</summary>
    Invalid,
}
