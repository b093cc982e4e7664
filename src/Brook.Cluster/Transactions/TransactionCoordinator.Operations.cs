using Brook.Protocol.Errors;

namespace Brook.Cluster.Transactions;

internal sealed partial class TransactionCoordinator
{
    /// <summary>
    /// AddPartitionsToTxn (v0-3): producer checks (INVALID_PRODUCER_ID_MAPPING, PRODUCER_FENCED), Prepare* →
    /// CONCURRENT_TRANSACTIONS, unknown partitions → UNKNOWN_TOPIC_OR_PARTITION with OPERATION_NOT_ATTEMPTED for the
    /// others; otherwise the state becomes Ongoing (a new transaction starts its timeout clock) and the partitions
    /// join it. <paramref name="results"/> gets one error per partition, in request order.
    /// </summary>
    public void AddPartitions(
        string transactionalId,
        long producerId,
        short producerEpoch,
        IReadOnlyList<TransactionPartition> partitions,
        int brokerId,
        List<ErrorCode> results)
    {
        var now = _cluster.NowMs;
        lock (_lock)
        {
            var error = CheckRequest(transactionalId, producerId, producerEpoch, brokerId, out var meta);
            if (error == ErrorCode.None)
            {
                var anyUnknown = false;
                foreach (var p in partitions)
                {
                    anyUnknown |= _cluster.FindPartition(p.Topic, p.Partition) is null;
                }

                if (anyUnknown)
                {
                    foreach (var p in partitions)
                    {
                        results.Add(_cluster.FindPartition(p.Topic, p.Partition) is null ? ErrorCode.UnknownTopicOrPartition : ErrorCode.OperationNotAttempted);
                    }

                    return;
                }

                StartOrContinue(meta!, now);
                foreach (var p in partitions)
                {
                    meta!.Partitions.Add(p);
                }
            }

            foreach (var unused in partitions)
            {
                results.Add(error);
            }
        }
    }

    /// <summary>AddOffsetsToTxn (v0-3): the same checks; the group's offsets join the transaction.</summary>
    public ErrorCode AddOffsets(string transactionalId, long producerId, short producerEpoch, string groupId, int brokerId)
    {
        var now = _cluster.NowMs;
        lock (_lock)
        {
            var error = CheckRequest(transactionalId, producerId, producerEpoch, brokerId, out var meta);
            if (error == ErrorCode.None)
            {
                StartOrContinue(meta!, now);
                meta!.Groups.Add(groupId);
            }

            return error;
        }
    }

    /// <summary>
    /// TxnOffsetCommit (v0-3, group side): the producer id must be the id's current one (INVALID_PRODUCER_ID_MAPPING)
    /// with the current epoch (INVALID_PRODUCER_EPOCH), the transaction Ongoing with the group added by
    /// AddOffsetsToTxn (INVALID_TXN_STATE). The offsets are staged: applied at COMMIT, dropped at ABORT.
    /// </summary>
    public ErrorCode StageOffsets(string transactionalId, string groupId, long producerId, short producerEpoch, IReadOnlyList<(TransactionPartition Partition, StagedOffset Offset)> offsets)
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

            if (meta.State != TransactionState.Ongoing || !meta.Groups.Contains(groupId))
            {
                return ErrorCode.InvalidTxnState;
            }

            if (!meta.PendingOffsets.TryGetValue(groupId, out var staged))
            {
                staged = [];
                meta.PendingOffsets.Add(groupId, staged);
            }

            foreach (var (partition, offset) in offsets)
            {
                staged[partition] = offset;
            }

            return ErrorCode.None;
        }
    }

    /// <summary>
    /// EndTxn (v0-4): producer checks; Ongoing → PrepareCommit/PrepareAbort, answered NONE once recorded, markers then
    /// Complete* (at once, or after <see cref="MarkerDelayMs"/>); the same request while markers are pending →
    /// CONCURRENT_TRANSACTIONS; a repeat after Complete* with the same result → NONE; the opposite result or Empty →
    /// INVALID_TXN_STATE.
    /// </summary>
    public ErrorCode EndTransaction(string transactionalId, long producerId, short producerEpoch, bool commit, int brokerId)
    {
        var now = _cluster.NowMs;
        lock (_lock)
        {
            var error = CheckProducer(transactionalId, producerId, producerEpoch, brokerId, out var meta);
            if (error != ErrorCode.None)
            {
                return error;
            }

            switch (meta!.State)
            {
                case TransactionState.Ongoing:
                    Prepare(meta, commit, now);
                    return ErrorCode.None;
                case TransactionState.PrepareCommit:
                    return commit ? ErrorCode.ConcurrentTransactions : ErrorCode.InvalidTxnState;
                case TransactionState.PrepareAbort:
                    return commit ? ErrorCode.InvalidTxnState : ErrorCode.ConcurrentTransactions;
                case TransactionState.PrepareEpochFence:
                    return ErrorCode.ConcurrentTransactions;
                case TransactionState.CompleteCommit:
                    return commit ? ErrorCode.None : ErrorCode.InvalidTxnState;
                case TransactionState.CompleteAbort:
                    return commit ? ErrorCode.InvalidTxnState : ErrorCode.None;
                default:
                    return ErrorCode.InvalidTxnState;
            }
        }
    }

    private ErrorCode CheckProducer(string transactionalId, long producerId, short producerEpoch, int brokerId, out TransactionMetadata? meta)
    {
        meta = null;
        var coordinator = CheckCoordinator(transactionalId, brokerId);
        if (coordinator != ErrorCode.None)
        {
            return coordinator;
        }

        if (!_transactions.TryGetValue(transactionalId, out meta) || meta.ProducerId != producerId)
        {
            return ErrorCode.InvalidProducerIdMapping;
        }

        return producerEpoch != meta.ProducerEpoch ? ErrorCode.ProducerFenced : ErrorCode.None;
    }

    private ErrorCode CheckRequest(string transactionalId, long producerId, short producerEpoch, int brokerId, out TransactionMetadata? meta)
    {
        var error = CheckProducer(transactionalId, producerId, producerEpoch, brokerId, out meta);
        return error == ErrorCode.None && meta!.IsPreparing ? ErrorCode.ConcurrentTransactions : error;
    }

    /// <summary>Empty/Complete* → Ongoing with a fresh partition set and a started timeout clock.</summary>
    private static void StartOrContinue(TransactionMetadata meta, long now)
    {
        if (meta.State != TransactionState.Ongoing)
        {
            meta.State = TransactionState.Ongoing;
            meta.StartTimeMs = now;
            meta.Partitions.Clear();
            meta.Groups.Clear();
            meta.PendingOffsets.Clear();
        }

        meta.LastUpdateMs = now;
    }

    /// <summary>Records PrepareCommit/PrepareAbort, then writes the markers now or when they come due.</summary>
    private void Prepare(TransactionMetadata meta, bool commit, long now)
    {
        meta.State = commit ? TransactionState.PrepareCommit : TransactionState.PrepareAbort;
        meta.LastUpdateMs = now;
        var delay = MarkerDelayMs;
        meta.MarkersDueMs = now + delay;
        if (delay == 0)
        {
            Complete(meta, now);
        }
    }

    /// <summary>
    /// Writes one marker per partition of the transaction (with the producer's current id and epoch and the
    /// coordinator epoch), applies (commit) or drops (abort) the staged offsets, then Complete*.
    /// </summary>
    private void Complete(TransactionMetadata meta, long now)
    {
        var commit = meta.State == TransactionState.PrepareCommit;
        foreach (var p in meta.Partitions)
        {
            _cluster.FindPartition(p.Topic, p.Partition)?.WriteMarker(meta.ProducerId, meta.ProducerEpoch, commit, CoordinatorEpoch);
        }

        if (commit)
        {
            foreach (var (group, offsets) in meta.PendingOffsets)
            {
                foreach (var (partition, offset) in offsets)
                {
                    _cluster.Groups.Commit(group, partition.Topic, partition.Partition, offset.Offset, offset.LeaderEpoch, offset.Metadata);
                }
            }
        }

        meta.PendingOffsets.Clear();
        meta.State = commit ? TransactionState.CompleteCommit : TransactionState.CompleteAbort;
        meta.StartTimeMs = -1;
        meta.LastUpdateMs = now;
    }
}
