using Brook.Cluster.Faults;
using Brook.Cluster.Model;

namespace Brook.Cluster;

/// <summary>
/// Typed, declarative fault injection for an <see cref="EmbeddedCluster"/> (broker-semantics.md §8). Every method
/// takes effect immediately and is thread-safe; invalid targets throw <see cref="ArgumentException"/> naming them.
/// </summary>
public sealed class ClusterFaults
{
    private readonly EmbeddedCluster _owner;
    private readonly ClusterState _state;

    internal ClusterFaults(EmbeddedCluster owner, ClusterState state)
    {
        _owner = owner;
        _state = state;
    }

    /// <summary>Queues a request-level or partition-level fault (error, disconnect before/after append, swallowed response, delay).</summary>
    public void Add(RequestFault fault) => _state.Faults.Add(fault);

    /// <summary>Removes every queued request fault.</summary>
    public void ClearRequestFaults() => _state.Faults.Clear();

    /// <summary>
    /// Takes a broker down: its connections close and new ones are refused. With <paramref name="failover"/> it is
    /// fenced: it leaves the ISRs and its partitions move to other ISR members (Kafka, kfake); without, nothing moves
    /// (librdkafka mock).
    /// </summary>
    public ValueTask SetBrokerDownAsync(int brokerId, bool failover = true)
    {
        _state.SetBrokerDown(brokerId, failover);
        return _owner.CloseConnectionsAsync(brokerId);
    }

    /// <summary>Brings a broker back: it accepts connections, its followers catch up and rejoin the ISRs.</summary>
    public void SetBrokerUp(int brokerId) => _state.SetBrokerUp(brokerId);

    /// <summary>Moves a partition's leadership to an up ISR member (leader epoch + 1), or -1 for leaderless.</summary>
    public void MoveLeader(string topic, int partition, int brokerId) => _state.MoveLeader(topic, partition, brokerId);

    /// <summary>Replication delay of one follower in ms (-1 = the cluster default).</summary>
    public void SetFollowerLag(string topic, int partition, int brokerId, int lagMs) =>
        _state.RequirePartition(topic, partition).SetFollowerLag(brokerId, lagMs);

    /// <summary>Stops or resumes one follower's replication; it leaves the ISR after replica.lag.time.max.ms behind.</summary>
    public void SetFollowerPaused(string topic, int partition, int brokerId, bool paused) =>
        _state.RequirePartition(topic, partition).SetFollowerPaused(brokerId, paused);

    /// <summary>Removes a follower from the ISR now and pauses it until <see cref="SetFollowerPaused"/> resumes it.</summary>
    public void ShrinkIsr(string topic, int partition, int brokerId) => _state.RequirePartition(topic, partition).ShrinkIsr(brokerId);

    /// <summary>Cuts (or heals) replication from a partition's leader to all its followers; clients still reach the leader.</summary>
    public void SetLeaderIsolated(string topic, int partition, bool isolated) =>
        _state.RequirePartition(topic, partition).SetLeaderIsolated(isolated);

    /// <summary>Cuts (or heals) the replication link between two brokers.</summary>
    public void SetLinkUp(int brokerA, int brokerB, bool up) => _state.SetLinkUp(brokerA, brokerB, up);

    /// <summary>The partition's leader crashes right after its next append, before any follower copies it.</summary>
    public void CrashLeaderAfterNextAppend(string topic, int partition) =>
        _state.RequirePartition(topic, partition).CrashLeaderAfterNextAppend();

    /// <summary>Adds latency (plus seeded jitter) to every response of a broker.</summary>
    public void SetBrokerLatency(int brokerId, int latencyMs, int jitterMs = 0) => _state.Faults.SetBrokerLatency(brokerId, latencyMs, jitterMs);

    /// <summary>Adds latency (plus seeded jitter) to every response of an API key.</summary>
    public void SetApiLatency(short apiKey, int latencyMs, int jitterMs = 0) => _state.Faults.SetApiLatency(apiKey, latencyMs, jitterMs);

    /// <summary>Caps the version advertised and served for an API key (emulates an older broker).</summary>
    public void CapApiVersion(short apiKey, short maxVersion) => _state.Faults.CapVersion(apiKey, maxVersion);

    /// <summary>
    /// Moves the transaction coordinator of <paramref name="transactionalId"/> to <paramref name="brokerId"/>
    /// (coordinator epoch + 1): the old coordinator answers NOT_COORDINATOR until the client looks it up again.
    /// Inject COORDINATOR_LOAD_IN_PROGRESS or CONCURRENT_TRANSACTIONS with <see cref="Add"/> on the transaction API keys.
    /// </summary>
    /// <exception cref="ArgumentException">No such broker.</exception>
    public void MoveTransactionCoordinator(string transactionalId, int brokerId) => _state.Transactions.MoveCoordinator(transactionalId, brokerId);

    /// <summary>
    /// Delays writing transaction markers by <paramref name="delayMs"/> of cluster time after EndTxn (or a fence) is
    /// recorded, so the transaction stays in PrepareCommit/PrepareAbort and clients get CONCURRENT_TRANSACTIONS
    /// meanwhile. 0 (the default) writes markers at once.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Negative delay.</exception>
    public void SetTransactionMarkerDelay(int delayMs) => _state.Transactions.MarkerDelayMs = delayMs;

    /// <summary>Starts a seeded chaos schedule on cluster time.</summary>
    public void StartChaos(ChaosOptions options) => _state.StartChaos(options);

    /// <summary>Stops the chaos schedule and undoes its temporary faults.</summary>
    public void StopChaos() => _state.StopChaos();

    /// <summary>Faults the chaos schedule injected so far.</summary>
    public IReadOnlyList<ChaosEvent> ChaosLog => _state.ChaosLog;
}
