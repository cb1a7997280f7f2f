using Microsoft.Extensions.Logging;

namespace GitOps.Testing.Diagnostics;

/// <summary>The emulator's log messages. Paths are logged without query strings and never with credentials.</summary>
internal static partial class EmulatorLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Kubernetes emulator serving on {Address}")]
    public static partial void Started(ILogger logger, Uri address);

    [LoggerMessage(EventId = 2, Level = LogLevel.Debug, Message = "{Method} {Path} -> {StatusCode} ({Verb})")]
    public static partial void RequestServed(ILogger logger, string method, string path, int statusCode, string verb);

    [LoggerMessage(EventId = 3, Level = LogLevel.Error, Message = "Emulator failure serving {Method} {Path}; answered 500")]
    public static partial void InternalError(ILogger logger, Exception exception, string method, string path);

    [LoggerMessage(EventId = 4, Level = LogLevel.Debug, Message = "Controller for {Resource} {Namespace}/{Name} could not write: {Reason}")]
    public static partial void ControllerSkipped(ILogger logger, string resource, string @namespace, string name, string reason);

    [LoggerMessage(EventId = 5, Level = LogLevel.Error, Message = "Controller for {Resource} {Namespace}/{Name} failed")]
    public static partial void ControllerFailed(ILogger logger, Exception exception, string resource, string @namespace, string name);
}
