namespace GitOps.Testing.Faults;

/// <summary>What an injected fault does to a matching request.</summary>
public enum FaultKind
{
    /// <summary>Waits <see cref="Fault.Duration"/>, then serves the request normally.</summary>
    Latency,

    /// <summary>429 TooManyRequests with <c>Retry-After</c> (whole seconds of <see cref="Fault.Duration"/>).</summary>
    TooManyRequests,

    /// <summary>500 InternalError.</summary>
    InternalError,

    /// <summary>503 ServiceUnavailable.</summary>
    ServiceUnavailable,

    /// <summary>409 Conflict, as when the object was modified meanwhile.</summary>
    Conflict,

    /// <summary>The connection is aborted without an answer.</summary>
    DropConnection,

    /// <summary>A watch is served but ends cleanly after <see cref="Fault.Duration"/>, as when a server closes it; other verbs are unaffected.</summary>
    CloseWatch,
}
