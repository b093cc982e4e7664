using Brook.Cluster.Producers;

namespace Brook.Cluster.Storage;

/// <summary>
/// Index entry of one stored batch: where its bytes sit in the log's chunks, its offset range, and the header facts
/// that replication, producer-state rebuilds and snapshots need without re-reading the bytes.
/// </summary>
internal struct LogBatch
{
    /// <summary>Offset of the first record (the rewritten baseOffset).</summary>
    public long BaseOffset;

    /// <summary>Offset of the last record (BaseOffset + lastOffsetDelta).</summary>
    public long LastOffset;

    /// <summary>Absolute sequence number of the chunk holding the bytes.</summary>
    public long ChunkSequence;

    /// <summary>Start of the batch inside its chunk.</summary>
    public int Position;

    /// <summary>Size of the batch in bytes.</summary>
    public int Length;

    /// <summary>Broker clock at append, non-decreasing along the log.</summary>
    public long AppendTimeMs;

    /// <summary>maxTimestamp as stored.</summary>
    public long MaxTimestamp;

    /// <summary>Leader epoch stamped into the batch.</summary>
    public int LeaderEpoch;

    /// <summary>Producer facts copied from the header.</summary>
    public long ProducerId;

    /// <summary>Producer epoch from the header.</summary>
    public short ProducerEpoch;

    /// <summary>Base sequence from the header.</summary>
    public int BaseSequence;

    /// <summary>Attribute bit 4.</summary>
    public bool IsTransactional;

    /// <summary>Attribute bit 5.</summary>
    public bool IsControl;

    /// <summary>Attribute bit 3 as stored (the broker stamped its append time).</summary>
    public bool IsLogAppendTime;

    /// <summary>Sequence of the last record, wrapping past int.MaxValue to 0.</summary>
    public readonly int LastSequence => Sequences.Add(BaseSequence, (int)(LastOffset - BaseOffset));
}
