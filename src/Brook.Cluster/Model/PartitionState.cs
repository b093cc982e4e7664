using Brook.Cluster.Producers;
using Brook.Cluster.Storage;

namespace Brook.Cluster.Model;

/// <summary>
/// One partition: its shared log, replicas with their LEO/HW, ISR, leader and epoch, idempotent-producer state and
/// parked acks=all produces. Everything is guarded by one lock per partition (<see cref="SyncRoot"/>); partitions
/// never take each other's lock, and cluster-wide operations take the admin lock first, then one partition lock at
/// a time (docs/design/cluster.md).
/// </summary>
internal sealed partial class PartitionState
{
    private readonly Lock _lock = new();
    private readonly ClusterState _cluster;
    private readonly RingBuffer<AckWaiter> _waiters = new(8);
    private readonly Stack<AckWaiter> _waiterPool = new();

    public PartitionState(ClusterState cluster, TopicState topic, int index, int[] replicaBrokers)
    {
        _cluster = cluster;
        Topic = topic;
        Index = index;
        Replicas = new Replica[replicaBrokers.Length];
        for (var i = 0; i < replicaBrokers.Length; i++)
        {
            Replicas[i] = new Replica(replicaBrokers[i]) { LastCaughtUpTimeMs = cluster.NowMs };
        }

        IsrCount = Replicas.Length;
        LeaderId = replicaBrokers[0];
        Log = new PartitionLog(cluster.ChunkPool);
        Producers = new ProducerStateTable();
        Epochs.Assign(0, 0);
    }

    /// <summary>The partition lock; hold it to read a consistent view of the fields below.</summary>
    public Lock SyncRoot => _lock;

    /// <summary>Owning topic.</summary>
    public TopicState Topic { get; }

    /// <summary>Partition index.</summary>
    public int Index { get; }

    /// <summary>Replicas in assignment order; the first is the preferred leader.</summary>
    public Replica[] Replicas { get; }

    /// <summary>Broker id of the leader, -1 while leaderless.</summary>
    public int LeaderId { get; private set; }

    /// <summary>Leader epoch: +1 on every leader change.</summary>
    public int LeaderEpoch { get; private set; }

    /// <summary>Number of replicas in the ISR.</summary>
    public int IsrCount { get; private set; }

    /// <summary>The leader's high watermark; never decreases while a leader holds the partition.</summary>
    public long HighWatermark { get; private set; }

    /// <summary>The log every replica shares a prefix of.</summary>
    public PartitionLog Log { get; }

    /// <summary>Leader epoch -> start offset, maintained on leader changes, truncation and retention.</summary>
    public LeaderEpochCache Epochs { get; } = new();

    /// <summary>Idempotent-producer state, as the leader maintains it.</summary>
    public ProducerStateTable Producers { get; }

    /// <summary>Replication from the leader to every follower is cut (fault).</summary>
    public bool LeaderIsolated { get; private set; }

    /// <summary>Parked acks=all produces.</summary>
    public int PendingAcks => _waiters.Count;

    /// <summary>The replica on <paramref name="brokerId"/>, or null when the broker holds none.</summary>
    public Replica? FindReplica(int brokerId)
    {
        foreach (var r in Replicas)
        {
            if (r.BrokerId == brokerId)
            {
                return r;
            }
        }

        return null;
    }

    /// <summary>Returns a waiter to the pool once its awaiter has read the result.</summary>
    internal void ReturnWaiter(AckWaiter waiter)
    {
        lock (_lock)
        {
            _waiterPool.Push(waiter);
        }
    }

    private Replica? LeaderReplica => LeaderId < 0 ? null : FindReplica(LeaderId);
}
