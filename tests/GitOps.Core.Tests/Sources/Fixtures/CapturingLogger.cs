using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace GitOps.Tests.Sources.Fixtures;

/// <summary>A logger that keeps every formatted message (with its exception text) for assertions.</summary>
public sealed class CapturingLogger<T> : ILogger<T>
{
    private readonly ConcurrentQueue<string> _messages = new();

    /// <summary>Everything logged so far, each with its exception's message chain appended.</summary>
    public IReadOnlyCollection<string> Messages => _messages;

    /// <inheritdoc />
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    /// <inheritdoc />
    public bool IsEnabled(LogLevel logLevel) => true;

    /// <inheritdoc />
    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        _messages.Enqueue($"{logLevel} {eventId.Id} {formatter(state, exception)} {exception}");
    }
}
