using System.Buffers;
using System.Collections.Concurrent;
using Brook.Cluster.Faults;
using Brook.Cluster.Observability;
using Brook.Cluster.Producers;

namespace Brook.Cluster.Model;

/// <summary>
/// The cluster's core model, independent of the wire: brokers, topics and partitions, producer ids, faults and
/// history. Lookups are lock-free (concurrent dictionaries); each partition has its own lock; topology changes and
/// faults that touch many partitions take <see cref="_adminLock"/> first, then one partition lock at a time.
/// </summary>
internal sealed partial class ClusterState : IDisposable
{
    /// <summary>Chunks up to 4 MiB are pooled; larger batches (max.message.bytes raised) get their own arrays.</summary>
    private const int MaxPooledChunk = 4 * 1024 * 1024;

    private readonly Lock _adminLock = new();
    private readonly ConcurrentDictionary<string, TopicState> _topics = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Guid, TopicState> _topicsById = new();
    private readonly Random _random;
    private readonly bool[] _cutLinks;

    public ClusterState(EmbeddedClusterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        TimeProvider = options.TimeProvider;
        _random = new Random(options.Seed);
        Brokers = new BrokerNode[options.BrokerCount];
        for (var i = 0; i < Brokers.Length; i++)
        {
            Brokers[i] = new BrokerNode(i);
        }

        _cutLinks = new bool[options.BrokerCount * options.BrokerCount];
        ChunkPool = ArrayPool<byte>.Create(MaxPooledChunk, 64);
        Faults = new RequestFaults();
        Faults.SeedJitter(options.Seed);
        History = new RequestHistory(options.RequestHistoryCapacity);
    }

    /// <summary>The validated options.</summary>
    public EmbeddedClusterOptions Options { get; }

    /// <summary>The cluster clock.</summary>
    public TimeProvider TimeProvider { get; }

    /// <summary>Current cluster time in Unix milliseconds.</summary>
    public long NowMs => TimeProvider.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>Brokers by id.</summary>
    public BrokerNode[] Brokers { get; }

    /// <summary>Pool the partition logs take their chunks from.</summary>
    public ArrayPool<byte> ChunkPool { get; }

    /// <summary>Producer ids for non-transactional InitProducerId.</summary>
    public ProducerIdAllocator ProducerIds { get; } = new();

    /// <summary>Queued request-level faults the network layer consults.</summary>
    public RequestFaults Faults { get; }

    /// <summary>Bounded request/response history.</summary>
    public RequestHistory History { get; }

    /// <summary>Every topic (unordered).</summary>
    public ICollection<TopicState> Topics => _topics.Values;

    /// <summary>Looks a topic up by name; lock-free.</summary>
    public bool TryGetTopic(string name, out TopicState topic) => _topics.TryGetValue(name, out topic!);

    /// <summary>Looks a topic up by id (Produce v13, Fetch v13+); lock-free.</summary>
    public bool TryGetTopic(Guid id, out TopicState topic) => _topicsById.TryGetValue(id, out topic!);

    /// <summary>The partition, or null when the topic or partition does not exist.</summary>
    public PartitionState? FindPartition(string topic, int partition) =>
        _topics.TryGetValue(topic, out var t) && (uint)partition < (uint)t.Partitions.Length ? t.Partitions[partition] : null;

    /// <summary>Runs one replication step on every partition (lagging followers, ISR changes, acks timeouts).</summary>
    public void Tick()
    {
        StepChaos(NowMs);
        TickGroups();
        TickTransactions();
        foreach (var topic in _topics.Values)
        {
            foreach (var partition in topic.Partitions)
            {
                partition.Tick();
            }
        }
    }

    /// <summary>Snapshot of one partition.</summary>
    /// <exception cref="ArgumentException">No such partition.</exception>
    public PartitionSnapshot Snapshot(string topic, int partition) => RequirePartition(topic, partition).Snapshot();

    /// <summary>The partition, or an exception naming what is missing.</summary>
    public PartitionState RequirePartition(string topic, int partition) =>
        FindPartition(topic, partition)
        ?? throw new ArgumentException($"No partition {topic}-{partition}: create the topic first or check the partition index.", nameof(topic));

    /// <summary>Returns every log chunk to the pool.</summary>
    public void Dispose()
    {
        StopTicker();
        foreach (var topic in _topics.Values)
        {
            foreach (var partition in topic.Partitions)
            {
                lock (partition.SyncRoot)
                {
                    partition.Log.Dispose();
                }
            }
        }
    }
}
