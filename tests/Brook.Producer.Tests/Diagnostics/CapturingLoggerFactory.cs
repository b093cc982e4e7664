using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Brook.Producer.Tests.Diagnostics;

/// <summary>Collects every log entry (category, level, event id, message) for assertions; thread-safe.</summary>
internal sealed class CapturingLoggerFactory(LogLevel minimum = LogLevel.Trace) : ILoggerFactory
{
    public ConcurrentQueue<LogEntry> Entries { get; } = new();

    public IEnumerable<LogEntry> WithEvent(int eventId) => Entries.Where(e => e.EventId == eventId);

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public void Dispose()
    {
    }

    internal sealed record LogEntry(string Category, LogLevel Level, int EventId, string EventName, string Message, Exception? Exception);

    private sealed class Logger(CapturingLoggerFactory owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= owner._minimum;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                owner.Entries.Enqueue(new LogEntry(category, logLevel, eventId.Id, eventId.Name ?? string.Empty, formatter(state, exception), exception));
            }
        }
    }

    private readonly LogLevel _minimum = minimum;
}
