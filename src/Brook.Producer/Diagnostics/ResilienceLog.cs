using Microsoft.Extensions.Logging;

namespace Brook.Producer.Diagnostics;

/// <summary>Resilience log events (category <see cref="LogCategories.Resilience"/>): circuit breaker and dead-letter queue.</summary>
internal static partial class ResilienceLog
{
    [LoggerMessage(EventId = LogEvents.CircuitOpened, EventName = nameof(LogEvents.CircuitOpened), Level = LogLevel.Warning,
        Message = "Circuit breaker opened for {BreakDurationMs} ms: sends fail fast. Cause: {Cause}")]
    public static partial void CircuitOpened(ILogger logger, long breakDurationMs, string cause);

    [LoggerMessage(EventId = LogEvents.CircuitHalfOpened, EventName = nameof(LogEvents.CircuitHalfOpened), Level = LogLevel.Information,
        Message = "Circuit breaker half-open: the next send is a probe")]
    public static partial void CircuitHalfOpened(ILogger logger);

    [LoggerMessage(EventId = LogEvents.CircuitClosed, EventName = nameof(LogEvents.CircuitClosed), Level = LogLevel.Information,
        Message = "Circuit breaker closed: sends flow again")]
    public static partial void CircuitClosed(ILogger logger);

    [LoggerMessage(EventId = LogEvents.DeadLettered, EventName = nameof(LogEvents.DeadLettered), Level = LogLevel.Debug,
        Message = "Dead-lettered a record of {Topic}-{Partition} ({Error}) to {DeadLetterTopic}-{DeadLetterPartition}@{DeadLetterOffset}")]
    public static partial void DeadLettered(ILogger logger, string topic, int partition, string error, string deadLetterTopic, int deadLetterPartition, long deadLetterOffset);

    [LoggerMessage(EventId = LogEvents.DeadLetterFailed, EventName = nameof(LogEvents.DeadLetterFailed), Level = LogLevel.Error,
        Message = "Dead-lettering a record of {Topic} ({Error}) to {DeadLetterTopic} failed too; the original error is thrown")]
    public static partial void DeadLetterFailed(ILogger logger, Exception exception, string topic, string error, string deadLetterTopic);
}
