using Microsoft.Extensions.Logging;

namespace GitOps.Sources.Git;

/// <summary>Log messages of the Git cache. Repository names are always the normalized, credential-free URL.</summary>
internal static partial class GitSourceLog
{
    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Fetching {Repository} for revision {Revision}")]
    public static partial void FetchStarted(ILogger logger, string repository, string revision);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "Fetched {Repository} in {ElapsedMilliseconds:F0} ms")]
    public static partial void FetchCompleted(ILogger logger, string repository, double elapsedMilliseconds);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Warning, Message = "Fetching {Repository} failed ({Outcome}): {Reason}")]
    public static partial void FetchFailed(ILogger logger, string repository, string outcome, string reason);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Warning, Message = "The cached copy of {Repository} is damaged ({Reason}); deleting it and cloning again")]
    public static partial void Recloning(ILogger logger, string repository, string reason);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Debug, Message = "Resolved {Repository} revision {Revision} to {Commit}")]
    public static partial void RevisionResolved(ILogger logger, string repository, string revision, string commit);
}
