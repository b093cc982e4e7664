namespace Brook.Cluster.Transactions;

/// <summary>A consistent view of one transactional id in the coordinator (broker-semantics.md §8.2).</summary>
public sealed record TransactionSnapshot
{
    /// <summary>The transactional id.</summary>
    public required string TransactionalId { get; init; }

    /// <summary>Current producer id.</summary>
    public required long ProducerId { get; init; }

    /// <summary>Current producer epoch.</summary>
    public required short ProducerEpoch { get; init; }

    /// <summary>Coordinator state.</summary>
    public required TransactionState State { get; init; }

    /// <summary>transaction.timeout.ms from the last InitProducerId.</summary>
    public required int TimeoutMs { get; init; }

    /// <summary>Cluster time (Unix ms) the current transaction started, -1 when none is ongoing.</summary>
    public required long StartTimeMs { get; init; }

    /// <summary>Partitions in the current (or last) transaction, sorted.</summary>
    public required IReadOnlyList<TransactionPartition> Partitions { get; init; }

    /// <summary>Consumer groups added with AddOffsetsToTxn, sorted.</summary>
    public required IReadOnlyList<string> Groups { get; init; }

    /// <summary>Offsets staged by TxnOffsetCommit and not yet applied, by group.</summary>
    public required IReadOnlyDictionary<string, IReadOnlyDictionary<TransactionPartition, StagedOffset>> PendingOffsets { get; init; }
}
