using Brook.Producer.Accumulator;
using Brook.Protocol.Errors;

namespace Brook.Producer.Sending;

/// <summary>Errors the sender reports for a batch: the Kafka error name, what happened, and the fix.</summary>
internal static class SenderErrors
{
    /// <summary>A broker's partition-level Produce error.</summary>
    public static KafkaException ForPartition(ErrorCode code, TopicPartition topicPartition, string? brokerMessage)
    {
        var fix = code switch
        {
            ErrorCode.MessageTooLarge => "The batch exceeds the topic's max.message.bytes: lower batch.size / max.request.size or raise max.message.bytes on the topic.",
            ErrorCode.RecordListTooLarge => "Lower batch.size or raise the broker's message.max.bytes.",
            ErrorCode.InvalidRecord or ErrorCode.CorruptMessage => "The broker rejected a record (e.g. a null key on a compacted topic).",
            ErrorCode.InvalidTimestamp => "Record timestamps must lie within the topic's message.timestamp.*.difference.ms of the broker clock.",
            ErrorCode.TopicAuthorizationFailed => "Grant the producer's principal Write on the topic.",
            ErrorCode.ClusterAuthorizationFailed => "Grant the producer's principal IdempotentWrite on the cluster, or disable enable.idempotence.",
            ErrorCode.UnsupportedCompressionType => "The broker cannot decode this compression.type; choose another codec.",
            ErrorCode.InvalidRequiredAcks => "acks must be 0, 1 or all (-1).",
            _ when ErrorCodes.IsRetriable(code) => "Retriable; retries or delivery.timeout.ms ran out: raise them or check broker health.",
            _ => "Not retriable.",
        };
        var detail = string.IsNullOrEmpty(brokerMessage) ? string.Empty : $" Broker says: {brokerMessage}.";
        return new KafkaException(code, $"{ErrorCodes.Name(code)}: producing to {topicPartition} failed.{detail} {fix}");
    }

    /// <summary>delivery.timeout.ms passed for a queued or in-flight batch.</summary>
    public static KafkaException DeliveryTimeout(ProducerBatch batch, long deliveryTimeoutMs, long nowMs, bool inFlight) =>
        new KafkaTimeoutException(
            $"Expiring {batch.RecordCount} record(s) for {batch.TopicPartition}: {nowMs - batch.CreatedMs} ms has passed since batch creation (delivery.timeout.ms = {deliveryTimeoutMs}) "
            + (inFlight ? "while the request was in flight." : "before it could be sent (no leader or no connection).")
            + " Raise delivery.timeout.ms or check that the partition's leader is reachable.");
}
