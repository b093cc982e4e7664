using Brook.Producer.Transactions;

namespace Brook.Producer;

public sealed partial class KafkaProducer<TKey, TValue> : ITransactionHost
{
    /// <summary>
    /// Registers the transactional.id with its coordinator (FindCoordinator, InitProducerId): fences any older producer
    /// with the same id (its open transaction is aborted) and enables transactions. Call once, before the first
    /// <see cref="BeginTransaction"/>. Coordinator errors are retried up to max.block.ms; after a timeout or cancellation
    /// it may be called again.
    /// </summary>
    /// <exception cref="InvalidOperationException">The producer has no transactional.id, or it was already initialized.</exception>
    /// <exception cref="FatalException">Not authorized, or the broker does not support transactions.</exception>
    /// <exception cref="KafkaTimeoutException">max.block.ms passed.</exception>
    public ValueTask InitTransactionsAsync(CancellationToken cancellationToken = default) => Transactions.InitTransactionsAsync(cancellationToken);

    /// <summary>Opens a transaction: the sends that follow belong to it until it is committed or aborted.</summary>
    /// <exception cref="InvalidOperationException">Not initialized, or a transaction is already open.</exception>
    /// <exception cref="TransactionAbortableException">The previous transaction failed and must be aborted first.</exception>
    /// <exception cref="FatalException">The producer was fenced or is otherwise unusable.</exception>
    public void BeginTransaction() => Transactions.BeginTransaction();

    /// <summary>
    /// Adds a consumer's positions to the open transaction (consume-transform-produce): the offsets are committed for
    /// <paramref name="group"/> if and only if the transaction commits. <paramref name="offsets"/> are the next offsets
    /// to read (last processed + 1). Pass the consumer's current group metadata so a member fenced by a rebalance is
    /// rejected (KIP-447).
    /// </summary>
    /// <exception cref="TransactionAbortableException">The group rejected the commit (rebalance, authorization): abort.</exception>
    /// <exception cref="FatalException">The producer was fenced.</exception>
    public ValueTask SendOffsetsToTransactionAsync(IEnumerable<TopicPartitionOffset> offsets, ConsumerGroupMetadata group, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(offsets);
        ArgumentNullException.ThrowIfNull(group);
        ArgumentException.ThrowIfNullOrEmpty(group.GroupId, "group.GroupId");
        var list = new List<TopicPartitionOffset>(offsets);
        foreach (var offset in list)
        {
            if (offset.Offset.IsSpecial || offset.Partition.IsSpecial)
            {
                throw new ArgumentException($"Offset {offset} is not committable: give a real partition and the next offset to read (last processed + 1), not a special value.", nameof(offsets));
            }
        }

        return Transactions.SendOffsetsToTransactionAsync(list, group, cancellationToken);
    }

    /// <summary>
    /// Flushes the transaction's records, then commits it (EndTxn): read_committed consumers see its records, and
    /// offsets sent with it take effect. Completes when the coordinator accepted the commit.
    /// </summary>
    /// <exception cref="TransactionAbortableException">A record failed: call <see cref="AbortTransactionAsync"/>.</exception>
    /// <exception cref="FatalException">The producer was fenced by a newer one with the same transactional.id.</exception>
    /// <exception cref="KafkaTimeoutException">EndTxn did not succeed within max.block.ms; call again to finish.</exception>
    public ValueTask CommitTransactionAsync(CancellationToken cancellationToken = default) => Transactions.CommitTransactionAsync(cancellationToken);

    /// <summary>
    /// Aborts the open transaction: records not yet sent fail with a TransactionAbortableException (they were not written),
    /// records in flight are waited for, then EndTxn(abort) makes the coordinator write abort markers — read_committed
    /// consumers never see the transaction's records.
    /// </summary>
    /// <exception cref="FatalException">The producer was fenced.</exception>
    public ValueTask AbortTransactionAsync(CancellationToken cancellationToken = default) => Transactions.AbortTransactionAsync(cancellationToken);

    private TransactionManager Transactions => _transactions ?? throw new InvalidOperationException(
        "This producer is not transactional: set transactional.id (ProducerOptions.TransactionalId) to use transactions.");

    ValueTask ITransactionHost.WaitForPendingSendsAsync(CancellationToken cancellationToken) => WaitForPendingSendsAsync(cancellationToken);

    int ITransactionHost.AbortUndrainedBatches(KafkaException error) => _accumulator.AbortUndrainedBatches(error);

    void ITransactionHost.WakeSender() => _sender.Wakeup();
}
