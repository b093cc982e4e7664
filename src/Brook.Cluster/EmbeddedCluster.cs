using Brook.Cluster.Model;
using Brook.Cluster.Network;
using Brook.Cluster.Observability;
using Brook.Cluster.Transactions;

namespace Brook.Cluster;

/// <summary>
/// An in-process Kafka-compatible cluster of <see cref="EmbeddedClusterOptions.BrokerCount"/> brokers on 127.0.0.1
/// that real Kafka clients can use: replication with an ISR, min.insync.replicas, idempotent de-duplication, acks
/// semantics, retention by bytes, typed fault injection (<see cref="Faults"/>) and observable state.
/// Replication, ISR checks and acks timeouts run on a ticker of the options' <see cref="TimeProvider"/>.
/// </summary>
public sealed class EmbeddedCluster : IAsyncDisposable
{
    /// <summary>Period of the replication ticker, in cluster-time milliseconds.</summary>
    public const int TickIntervalMs = 5;

    private readonly ClusterState _state;
    private readonly BrokerListener[] _listeners;

    private EmbeddedCluster(ClusterState state, BrokerListener[] listeners)
    {
        _state = state;
        _listeners = listeners;
        Faults = new ClusterFaults(this, state);
        BootstrapServers = string.Join(',', state.Brokers.Select(b => $"{b.Host}:{b.Port}"));
    }

    /// <summary>Comma-separated <c>host:port</c> of every broker, for <c>bootstrap.servers</c>.</summary>
    public string BootstrapServers { get; }

    /// <summary>The options the cluster runs with.</summary>
    public EmbeddedClusterOptions Options => _state.Options;

    /// <summary>Fault injection.</summary>
    public ClusterFaults Faults { get; }

    /// <summary>The most recent requests (bounded by <see cref="EmbeddedClusterOptions.RequestHistoryCapacity"/>), oldest first.</summary>
    public IReadOnlyList<RequestRecord> RequestHistory => _state.History.Snapshot();

    /// <summary>Internal core, for tests and benchmarks in this repository.</summary>
    internal ClusterState State => _state;

    /// <summary>Binds one listener per broker and starts serving.</summary>
    /// <exception cref="ArgumentException">Invalid options.</exception>
    /// <exception cref="InvalidOperationException">A fixed port is taken.</exception>
    public static ValueTask<EmbeddedCluster> StartAsync(EmbeddedClusterOptions? options = null, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var state = new ClusterState(options ?? new EmbeddedClusterOptions());
        var listeners = new List<BrokerListener>(state.Brokers.Length);
        try
        {
            foreach (var broker in state.Brokers)
            {
                var port = state.Options.BasePort == 0 ? 0 : state.Options.BasePort + broker.Id;
                listeners.Add(new BrokerListener(state, broker, port));
            }
        }
        catch
        {
            foreach (var listener in listeners)
            {
                _ = listener.DisposeAsync();
            }

            state.Dispose();
            throw;
        }

        foreach (var listener in listeners)
        {
            listener.Start();
        }

        state.StartTicker(TickIntervalMs);
        return new(new EmbeddedCluster(state, [.. listeners]));
    }

    /// <summary>
    /// Creates a topic; omitted values come from the options. Returns its topic id.
    /// </summary>
    /// <exception cref="ArgumentException">Invalid name, size or config.</exception>
    /// <exception cref="InvalidOperationException">The topic exists.</exception>
    public Guid CreateTopic(string name, int? partitions = null, int? replicationFactor = null, TopicConfig? config = null) =>
        _state.CreateTopic(name, partitions, replicationFactor, config).Id;

    /// <summary>A consistent view of one partition: leader, epoch, ISR, per-replica LEO/HW, producer windows.</summary>
    /// <exception cref="ArgumentException">No such partition.</exception>
    public PartitionSnapshot GetPartition(string topic, int partition) => _state.Snapshot(topic, partition);

    /// <summary>Coordinator state of one transactional id (state, producer id/epoch, partitions, staged offsets), or null when unknown.</summary>
    public TransactionSnapshot? GetTransaction(string transactionalId) => _state.Transactions.Snapshot(transactionalId);

    /// <summary>Coordinator state of every transactional id, sorted by id.</summary>
    public IReadOnlyList<TransactionSnapshot> GetTransactions() => _state.Transactions.Snapshots();

    /// <summary>Runs one replication step now (useful after advancing a fake clock between ticker periods).</summary>
    public void Tick() => _state.Tick();

    /// <summary>Stops the listeners, closes every connection and frees the logs.</summary>
    public async ValueTask DisposeAsync()
    {
        _state.StopTicker();
        foreach (var listener in _listeners)
        {
            await listener.DisposeAsync().ConfigureAwait(false);
        }

        _state.Dispose();
    }

    internal ValueTask CloseConnectionsAsync(int brokerId) => _listeners[brokerId].CloseConnectionsAsync();
}
