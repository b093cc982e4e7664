using Brook.Producer.Accumulator;
using Brook.Producer.Sending;
using Microsoft.Extensions.Logging;

namespace Brook.Producer.Diagnostics;

/// <summary>
/// Sender log events (category <see cref="LogCategories.Sender"/>): retries, expiry, failures. Written per batch,
/// never per record; the wrappers read batch fields only when the level is enabled.
/// </summary>
internal static partial class SenderLog
{
    [LoggerMessage(EventId = LogEvents.BatchRetrying, EventName = nameof(LogEvents.BatchRetrying), Level = LogLevel.Warning,
        Message = "Retrying {RecordCount} record(s) for {Topic}-{Partition} after {Error} (attempt {Attempt} of retries {Retries}, backoff {BackoffMs} ms)")]
    public static partial void BatchRetrying(ILogger logger, string topic, int partition, int recordCount, string error, int attempt, int retries, long backoffMs);

    [LoggerMessage(EventId = LogEvents.BatchExpired, EventName = nameof(LogEvents.BatchExpired), Level = LogLevel.Warning,
        Message = "Expired {RecordCount} record(s) for {Topic}-{Partition} after {Attempts} attempt(s): {Reason}")]
    public static partial void BatchExpired(ILogger logger, string topic, int partition, int recordCount, int attempts, string reason);

    [LoggerMessage(EventId = LogEvents.BatchFailed, EventName = nameof(LogEvents.BatchFailed), Level = LogLevel.Warning,
        Message = "Failed {RecordCount} record(s) for {Topic}-{Partition} ({Kind}, {Error}) after {Attempts} attempt(s): {Reason}")]
    public static partial void BatchFailed(ILogger logger, string topic, int partition, int recordCount, BatchFailureKind kind, string error, int attempts, string reason);

    [LoggerMessage(EventId = LogEvents.SenderPassFailed, EventName = nameof(LogEvents.SenderPassFailed), Level = LogLevel.Error,
        Message = "A sender pass failed; the loop continues")]
    public static partial void SenderPassFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = LogEvents.BatchSplit, EventName = nameof(LogEvents.BatchSplit), Level = LogLevel.Information,
        Message = "Splitting a batch of {RecordCount} record(s) for {Topic}-{Partition} after MESSAGE_TOO_LARGE")]
    public static partial void BatchSplit(ILogger logger, string topic, int partition, int recordCount);

    /// <summary>A batch is queued again after a retriable error.</summary>
    public static void Retrying(ILogger logger, ProducerBatch batch, KafkaException error, int retries)
    {
        if (logger.IsEnabled(LogLevel.Warning))
        {
            BatchRetrying(logger, batch.TopicPartition.Topic, batch.TopicPartition.Partition.Value, batch.RecordCount, error.ErrorName, batch.Attempts, retries, batch.RetryBackoffMs);
        }
    }

    /// <summary>A batch failed for good: expiry gets its own event.</summary>
    public static void Failed(ILogger logger, ProducerBatch batch, KafkaException error, BatchFailureKind kind)
    {
        if (!logger.IsEnabled(LogLevel.Warning))
        {
            return;
        }

        var tp = batch.TopicPartition;
        if (kind == BatchFailureKind.Expired)
        {
            BatchExpired(logger, tp.Topic, tp.Partition.Value, batch.RecordCount, batch.Attempts, error.Message);
        }
        else
        {
            BatchFailed(logger, tp.Topic, tp.Partition.Value, batch.RecordCount, kind, error.ErrorName, batch.Attempts, error.Message);
        }
    }

    /// <summary>A batch is split after MESSAGE_TOO_LARGE.</summary>
    public static void Split(ILogger logger, ProducerBatch batch)
    {
        if (logger.IsEnabled(LogLevel.Information))
        {
            BatchSplit(logger, batch.TopicPartition.Topic, batch.TopicPartition.Partition.Value, batch.RecordCount);
        }
    }
}
