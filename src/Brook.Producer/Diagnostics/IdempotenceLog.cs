using Microsoft.Extensions.Logging;

namespace Brook.Producer.Diagnostics;

/// <summary>Idempotence log events (category <see cref="LogCategories.Idempotence"/>): producer id, epoch, fatal errors.</summary>
internal static partial class IdempotenceLog
{
    [LoggerMessage(EventId = LogEvents.ProducerIdObtained, EventName = nameof(LogEvents.ProducerIdObtained), Level = LogLevel.Information,
        Message = "Producer id {ProducerId} epoch {Epoch} in use")]
    public static partial void ProducerIdObtained(ILogger logger, long producerId, short epoch);

    [LoggerMessage(EventId = LogEvents.EpochBumped, EventName = nameof(LogEvents.EpochBumped), Level = LogLevel.Information,
        Message = "Bumped the epoch of producer id {ProducerId} to {Epoch} (KIP-360; {Reason})")]
    public static partial void EpochBumped(ILogger logger, long producerId, short epoch, string reason);

    [LoggerMessage(EventId = LogEvents.ProducerFatal, EventName = nameof(LogEvents.ProducerFatal), Level = LogLevel.Error,
        Message = "The producer hit a fatal error ({Error}); queued records fail and nothing is retried. Dispose it and create a new one: {Reason}")]
    public static partial void ProducerFatal(ILogger logger, string error, string reason);
}
