using Brook.Producer.Accumulator;

namespace Brook.Producer.Sending;

/// <summary>
/// The idempotence seam on the response side (producer-algorithms.md §5, §9): told about every batch outcome so it
/// can track acknowledged sequences, and asked whether an error that is not plainly retriable may still be retried
/// (UNKNOWN_PRODUCER_ID, OUT_OF_ORDER_SEQUENCE_NUMBER). The drain side is <see cref="IDrainSequencer"/>.
/// </summary>
internal interface IBatchOutcomeListener
{
    /// <summary>A batch was acknowledged at <paramref name="baseOffset"/> (-1 when unknown).</summary>
    void OnSucceeded(ProducerBatch batch, long baseOffset);

    /// <summary>A batch failed for good (not retried); <paramref name="kind"/> says why.</summary>
    void OnFailed(ProducerBatch batch, KafkaException error, BatchFailureKind kind);

    /// <summary>A batch was split after MESSAGE_TOO_LARGE; its pieces (continuing its sequences) replace it.</summary>
    void OnSplit(ProducerBatch batch);

    /// <summary>True to retry a batch the default rules would fail.</summary>
    bool CanRetry(ProducerBatch batch, KafkaException error);
}
