namespace Brook.Cluster.Producers;

/// <summary>Outcome of the idempotence checks of broker-semantics.md §2 for one batch.</summary>
internal enum ProducerCheck
{
    /// <summary>Append the batch.</summary>
    Append,

    /// <summary>One of the retained batches has the same epoch and sequence range: answer its original offset.</summary>
    Duplicate,

    /// <summary>The batch's epoch is older than the producer's: INVALID_PRODUCER_EPOCH.</summary>
    InvalidProducerEpoch,

    /// <summary>Gap, stale sequence, or a new epoch not starting at 0: OUT_OF_ORDER_SEQUENCE_NUMBER.</summary>
    OutOfOrderSequence,
}
