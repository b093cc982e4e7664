using Brook.Producer.Accumulator;

namespace Brook.Producer.Transactions;

/// <summary>
/// The transactional drain rule decorating the idempotent sequencer: a partition's batch is not drained until the
/// partition was added to the open transaction (AddPartitionsToTxn, producer-algorithms.md transactions). Asking
/// queues the partition for the next AddPartitionsToTxn; the other partitions keep flowing. Sender thread, under the
/// partition's deque lock (the manager's lock is a leaf).
/// </summary>
internal sealed class TransactionalDrainGate(IDrainSequencer inner, TransactionManager transactions) : IDrainSequencer
{
    /// <inheritdoc />
    public bool CanDrain(ProducerBatch first) => transactions.IsPartitionAdded(first.TopicPartition) && inner.CanDrain(first);

    /// <inheritdoc />
    public void Stamp(ProducerBatch batch) => inner.Stamp(batch);
}
