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

    /// <summary>
    /// delivery.timeout.ms passed for a queued or in-flight batch; <paramref name="waitedFor"/> (queued only, from
    /// <see cref="QueuedWaitReason"/>) says what the queued batch was waiting for.
    /// </summary>
    public static KafkaException DeliveryTimeout(ProducerBatch batch, long deliveryTimeoutMs, long nowMs, bool inFlight, string? waitedFor = null) =>
        new KafkaTimeoutException(
            $"Expiring {batch.RecordCount} record(s) for {batch.TopicPartition}: {nowMs - batch.CreatedMs} ms has passed since batch creation (delivery.timeout.ms = {deliveryTimeoutMs}) "
            + (inFlight
                ? "while the request was in flight. Raise delivery.timeout.ms or check that the partition's leader is reachable."
                : $"before it could be sent: {waitedFor ?? "it was never drained"}. Raise delivery.timeout.ms or remove the cause."));

    /// <summary>
    /// Why a batch that expired in the queue never left, first match wins: no producer id (idempotence), the sequencer
    /// holding it (a retry behind lower in-flight sequences, an unresolved sequence of the partition, batches of an
    /// older epoch still in flight), no leader, no ready connection to the leader, a retry still backing off, else an
    /// earlier request of the partition or node still in flight.
    /// </summary>
    public static string QueuedWaitReason(ProducerBatch batch, IdempotentSequencer? sequencer, int? leader, bool leaderReady)
    {
        var tp = batch.TopicPartition;
        if (sequencer is not null)
        {
            if (!sequencer.HasValidProducerId)
            {
                return "the producer had no producer id (InitProducerId has not succeeded; check the brokers' logs and the IdempotentWrite ACL)";
            }

            if (!sequencer.CanDrain(batch))
            {
                if (batch.HasSequence)
                {
                    return $"its retry (sequence {batch.BaseSequence}) waited for lower sequences of {tp} still in flight";
                }

                return sequencer.IsUnresolved(tp)
                    ? $"it waited behind an unresolved sequence of {tp} (an earlier batch expired or ran out of retries with an unknown outcome; new batches wait until the partition's in-flight requests end, then the sequence is resolved or the epoch bumped)"
                    : $"it waited for in-flight batches of {tp} sent under an older producer id or epoch";
            }
        }

        if (leader is not { } node)
        {
            return $"no leader was known for {tp} (metadata refreshes found none)";
        }

        if (!leaderReady)
        {
            return $"there was no ready connection to its leader, node {node}";
        }

        return batch.Attempts > 0
            ? $"its retry was still waiting ({batch.Attempts} earlier attempt(s), retry.backoff.ms)"
            : $"an earlier request to its leader, node {node}, was still in flight (max.in.flight.requests.per.connection)";
    }
}
