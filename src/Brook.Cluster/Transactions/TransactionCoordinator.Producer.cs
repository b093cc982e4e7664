using Brook.Protocol.Errors;

namespace Brook.Cluster.Transactions;

internal sealed partial class TransactionCoordinator
{
    /// <summary>
    /// InitProducerId with a transactional id received by <paramref name="brokerId"/> (broker-semantics.md §5):
    /// unknown id → fresh producer id, epoch 0; Empty/Complete* → same producer id, epoch + 1 (fences zombies), a new
    /// producer id once the epoch is exhausted; Ongoing → the open transaction is fenced and aborted (markers written
    /// with the bumped epoch) and CONCURRENT_TRANSACTIONS answered (the client retries); Prepare* →
    /// CONCURRENT_TRANSACTIONS. With <paramref name="producerId"/> ≥ 0 (v3+, KIP-360) the pair must be the current
    /// one or the one before the last bump (a retry, answered with the current pair), else PRODUCER_FENCED.
    /// </summary>
    public ErrorCode InitProducerId(string transactionalId, int timeoutMs, long producerId, short producerEpoch, int brokerId, out long newProducerId, out short newEpoch)
    {
        newProducerId = -1;
        newEpoch = -1;
        if (timeoutMs <= 0 || timeoutMs > MaxTimeoutMs)
        {
            return ErrorCode.InvalidTransactionTimeout;
        }

        var now = _cluster.NowMs;
        lock (_lock)
        {
            var coordinator = CheckCoordinator(transactionalId, brokerId);
            if (coordinator != ErrorCode.None)
            {
                return coordinator;
            }

            if (!_transactions.TryGetValue(transactionalId, out var meta) || meta.State == TransactionState.Dead)
            {
                meta ??= new TransactionMetadata(transactionalId);
                meta.ProducerId = _cluster.ProducerIds.Next();
                meta.ProducerEpoch = 0;
                meta.State = TransactionState.Empty;
                meta.TimeoutMs = timeoutMs;
                meta.LastUpdateMs = now;
                _transactions[transactionalId] = meta;
                (newProducerId, newEpoch) = (meta.ProducerId, meta.ProducerEpoch);
                return ErrorCode.None;
            }

            if (producerId >= 0)
            {
                var current = producerId == meta.ProducerId && producerEpoch == meta.ProducerEpoch;
                var retry = producerId == meta.LastProducerId && producerEpoch == meta.LastProducerEpoch;
                if (!current && !retry)
                {
                    return ErrorCode.ProducerFenced;
                }

                if (retry && !meta.IsPreparing && meta.State != TransactionState.Ongoing)
                {
                    (newProducerId, newEpoch) = (meta.ProducerId, meta.ProducerEpoch);
                    return ErrorCode.None;
                }
            }

            switch (meta.State)
            {
                case TransactionState.PrepareCommit or TransactionState.PrepareAbort or TransactionState.PrepareEpochFence:
                    return ErrorCode.ConcurrentTransactions;
                case TransactionState.Ongoing:
                    FenceAndAbort(meta, now);
                    return ErrorCode.ConcurrentTransactions;
            }

            Bump(meta);
            meta.State = TransactionState.Empty;
            meta.TimeoutMs = timeoutMs;
            meta.StartTimeMs = -1;
            meta.LastUpdateMs = now;
            meta.Partitions.Clear();
            meta.Groups.Clear();
            meta.PendingOffsets.Clear();
            (newProducerId, newEpoch) = (meta.ProducerId, meta.ProducerEpoch);
            return ErrorCode.None;
        }
    }

    /// <summary>
    /// The Produce-side check of a transactional batch (§3; Kafka ≥ 3.6 verifies with the coordinator): the producer
    /// id must be the id's current one (INVALID_PRODUCER_ID_MAPPING), the epoch current (INVALID_PRODUCER_EPOCH), and
    /// the partition added to the ongoing transaction (INVALID_TXN_STATE).
    /// </summary>
    public ErrorCode VerifyProduce(string transactionalId, long producerId, short producerEpoch, string topic, int partition)
    {
        lock (_lock)
        {
            if (!_transactions.TryGetValue(transactionalId, out var meta) || meta.ProducerId != producerId)
            {
                return ErrorCode.InvalidProducerIdMapping;
            }

            if (producerEpoch != meta.ProducerEpoch)
            {
                return ErrorCode.InvalidProducerEpoch;
            }

            return meta.State == TransactionState.Ongoing && meta.Partitions.Contains(new TransactionPartition(topic, partition))
                ? ErrorCode.None
                : ErrorCode.InvalidTxnState;
        }
    }

    /// <summary>Epoch + 1, or a new producer id at epoch 0 once the epoch is exhausted; remembers the previous pair.</summary>
    private void Bump(TransactionMetadata meta)
    {
        meta.LastProducerId = meta.ProducerId;
        meta.LastProducerEpoch = meta.ProducerEpoch;
        if (meta.ProducerEpoch >= MaxEpoch)
        {
            meta.ProducerId = _cluster.ProducerIds.Next();
            meta.ProducerEpoch = 0;
        }
        else
        {
            meta.ProducerEpoch++;
        }
    }

    /// <summary>
    /// Fences an ongoing transaction (timeout, or InitProducerId from a new instance): PrepareEpochFence, epoch + 1,
    /// then PrepareAbort with ABORT markers written with the bumped epoch (so the partitions fence the old epoch).
    /// An exhausted epoch aborts with the current one.
    /// </summary>
    private void FenceAndAbort(TransactionMetadata meta, long now)
    {
        meta.State = TransactionState.PrepareEpochFence;
        if (meta.ProducerEpoch < MaxEpoch)
        {
            meta.LastProducerId = meta.ProducerId;
            meta.LastProducerEpoch = meta.ProducerEpoch;
            meta.ProducerEpoch++;
        }

        Prepare(meta, commit: false, now);
    }
}
