using Microsoft.Extensions.Logging;

namespace Brook.Producer.Diagnostics;

/// <summary>Producer log events (category <see cref="LogCategories.Producer"/>): lifecycle and buffer memory.</summary>
internal static partial class ProducerLog
{
    [LoggerMessage(EventId = LogEvents.BufferExhausted, EventName = nameof(LogEvents.BufferExhausted), Level = LogLevel.Warning,
        Message = "No buffer memory for {Size} bytes within max.block.ms={MaxBlockMs} (buffer.memory={BufferMemory}): the send failed. The brokers are slower than the sends; raise buffer.memory or max.block.ms, or slow down")]
    public static partial void BufferExhausted(ILogger logger, int size, long maxBlockMs, long bufferMemory);

    [LoggerMessage(EventId = LogEvents.Closing, EventName = nameof(LogEvents.Closing), Level = LogLevel.Information,
        Message = "Closing producer '{ClientId}': waiting up to {TimeoutMs} ms for buffered and in-flight records")]
    public static partial void Closing(ILogger logger, string clientId, long timeoutMs);

    [LoggerMessage(EventId = LogEvents.Closed, EventName = nameof(LogEvents.Closed), Level = LogLevel.Information,
        Message = "Producer '{ClientId}' closed")]
    public static partial void Closed(ILogger logger, string clientId);

    [LoggerMessage(EventId = LogEvents.Created, EventName = nameof(LogEvents.Created), Level = LogLevel.Information,
        Message = "Producer '{ClientId}' created for {BootstrapServers} (acks={Acks}, idempotence={Idempotence}, transactional.id={TransactionalId})")]
    public static partial void Created(ILogger logger, string clientId, string bootstrapServers, Acks acks, bool idempotence, string? transactionalId);
}
