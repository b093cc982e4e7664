using Brook.Producer.Accumulator;

namespace Brook.Producer.Transactions;

/// <summary>
/// The transactional drain rule decorating the idempotent sequencer: a partition's batch is not drained until the
/// partition was added to the open transaction (AddPartitionsToTxn, producer-algorithms.md transactions). Asking
/// queues the partition for the next AddPartitionsToTxn; the other partitions keep flowing. A new batch also waits
/// while the sequencer is behind the manager's producer id/epoch (KIP-360 bump). Sender thread, under the
/// partition's deque lock (the manager's lock is a leaf).
/// </summary>
internal sealed class TransactionalDrainGate(IDrainSequencer inner, TransactionManager transactions) : IDrainSequencer
{
    /// <inheritdoc />
    public bool CanDrain(ProducerBatch first) => transactions.IsPartitionAdded(first.TopicPartition)
        && (first.HasSequence || !IsBehindTheManager())
        && inner.CanDrain(first);

    // A new batch waits until the sender installed the manager's current pair (a KIP-360 bump after an abort is
    // picked up at the start of a pass; a pass already past that point must not stamp with the old epoch).
    private bool IsBehindTheManager() => inner is IdempotentSequencer sequencer
        && transactions.CurrentProducerId != new Idempotence.ProducerIdAndEpoch(sequencer.ProducerId, sequencer.ProducerEpoch);

    /// <inheritdoc />
    public void Stamp(ProducerBatch batch) => inner.Stamp(batch);
}
