namespace Brook.Cluster.Observability;

/// <summary>A consistent view of one partition (broker-semantics.md §8.2), taken under its lock.</summary>
public sealed record PartitionSnapshot
{
    /// <summary>Topic name.</summary>
    public required string Topic { get; init; }

    /// <summary>Topic id.</summary>
    public required Guid TopicId { get; init; }

    /// <summary>Partition index.</summary>
    public required int Partition { get; init; }

    /// <summary>Leader broker id, -1 when leaderless.</summary>
    public required int Leader { get; init; }

    /// <summary>Leader epoch.</summary>
    public required int LeaderEpoch { get; init; }

    /// <summary>Broker ids in the ISR, in assignment order.</summary>
    public required IReadOnlyList<int> Isr { get; init; }

    /// <summary>Every replica, in assignment order.</summary>
    public required IReadOnlyList<ReplicaSnapshot> Replicas { get; init; }

    /// <summary>High watermark.</summary>
    public required long HighWatermark { get; init; }

    /// <summary>Last stable offset: the first offset of the earliest unfinished transaction, or the HW.</summary>
    public long LastStableOffset { get; init; }

    /// <summary>Producer ids with an open transaction on this partition, and each one's first offset.</summary>
    public IReadOnlyDictionary<long, long> OpenTransactions { get; init; } = new Dictionary<long, long>();

    /// <summary>The aborted-transaction index: (producer id, first offset, ABORT marker offset).</summary>
    public IReadOnlyList<(long ProducerId, long FirstOffset, long LastOffset)> AbortedTransactions { get; init; } = [];

    /// <summary>The leader-epoch cache: each epoch still in the log and the offset it starts at, ascending.</summary>
    public IReadOnlyList<(int Epoch, long StartOffset)> LeaderEpochs { get; init; } = [];

    /// <summary>Log start offset.</summary>
    public required long LogStartOffset { get; init; }

    /// <summary>Leader's log end offset.</summary>
    public required long LogEndOffset { get; init; }

    /// <summary>Stored bytes.</summary>
    public required long SizeBytes { get; init; }

    /// <summary>Stored batches.</summary>
    public required int BatchCount { get; init; }

    /// <summary>Parked acks=all produces.</summary>
    public required int PendingAcks { get; init; }

    /// <summary>Idempotent-producer windows by producer id.</summary>
    public required IReadOnlyList<ProducerStateSnapshot> Producers { get; init; }
}
