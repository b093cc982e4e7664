using Brook.Cluster;
using Brook.Cluster.Faults;
using Brook.Cluster.Observability;

namespace Brook.Cli.Engines;

/// <summary>A running <see cref="EmbeddedCluster"/> behind the CLI's <see cref="IRunningCluster"/>.</summary>
internal sealed class EmbeddedClusterControl : IRunningCluster
{
    private readonly EmbeddedCluster _cluster;

    private EmbeddedClusterControl(EmbeddedCluster cluster) => _cluster = cluster;

    /// <inheritdoc />
    public string BootstrapServers => _cluster.BootstrapServers;

    /// <inheritdoc />
    public int BrokerCount => _cluster.Options.BrokerCount;

    /// <summary>Starts the cluster and creates the plan's topics; on failure nothing stays running.</summary>
    public static async ValueTask<IRunningCluster> StartAsync(ClusterPlan plan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var cluster = await EmbeddedCluster.StartAsync(plan.Options, cancellationToken).ConfigureAwait(false);
        try
        {
            foreach (var topic in plan.Topics)
            {
                cluster.CreateTopic(topic.Name, topic.Partitions, topic.ReplicationFactor);
            }
        }
        catch
        {
            await cluster.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return new EmbeddedClusterControl(cluster);
    }

    /// <inheritdoc />
    public ValueTask SetBrokerDownAsync(int brokerId) => _cluster.Faults.SetBrokerDownAsync(brokerId);

    /// <inheritdoc />
    public void SetBrokerUp(int brokerId) => _cluster.Faults.SetBrokerUp(brokerId);

    /// <inheritdoc />
    public void MoveLeader(string topic, int partition, int brokerId) => _cluster.Faults.MoveLeader(topic, partition, brokerId);

    /// <inheritdoc />
    public void AddRequestFault(RequestFault fault) => _cluster.Faults.Add(fault);

    /// <inheritdoc />
    public void ClearRequestFaults() => _cluster.Faults.ClearRequestFaults();

    /// <inheritdoc />
    public void SetBrokerLatency(int brokerId, int latencyMs) => _cluster.Faults.SetBrokerLatency(brokerId, latencyMs);

    /// <inheritdoc />
    public void SetLeaderIsolated(string topic, int partition, bool isolated) => _cluster.Faults.SetLeaderIsolated(topic, partition, isolated);

    /// <inheritdoc />
    public void CreateTopic(string name, int partitions, int replicationFactor) => _cluster.CreateTopic(name, partitions, replicationFactor);

    /// <inheritdoc />
    public IReadOnlyList<PartitionSnapshot>? DescribeTopic(string name)
    {
        // The facade exposes partitions one at a time; a topic's partitions are 0..n-1 and fixed once created.
        var partitions = new List<PartitionSnapshot>();
        while (true)
        {
            try
            {
                partitions.Add(_cluster.GetPartition(name, partitions.Count));
            }
            catch (ArgumentException)
            {
                return partitions.Count == 0 ? null : partitions;
            }
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _cluster.DisposeAsync();
}
