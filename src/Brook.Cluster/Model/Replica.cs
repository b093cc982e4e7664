namespace Brook.Cluster.Model;

/// <summary>
/// One replica of a partition as the leader sees it: its LEO, the HW it knows, when it last caught up, and the
/// replication faults applied to it. Guarded by the partition lock.
/// </summary>
internal sealed class Replica(int brokerId)
{
    /// <summary>Broker that hosts the replica.</summary>
    public int BrokerId { get; } = brokerId;

    /// <summary>Next offset this replica will write.</summary>
    public long LogEndOffset { get; set; }

    /// <summary>High watermark this replica knows (a follower learns it on fetch).</summary>
    public long HighWatermark { get; set; }

    /// <summary>Last time (ms) the replica held everything the leader had; drives ISR shrink.</summary>
    public long LastCaughtUpTimeMs { get; set; }

    /// <summary>Member of the ISR.</summary>
    public bool InIsr { get; set; } = true;

    /// <summary>Replication delay for this follower in ms; -1 uses the cluster default.</summary>
    public int LagMs { get; set; } = -1;

    /// <summary>Replication stopped by a fault (paused follower or explicit ISR shrink).</summary>
    public bool Paused { get; set; }
}
