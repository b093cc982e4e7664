using Brook.TestSupport.Interop;

namespace Brook.Benchmarks.SideBySide;

/// <summary>The librdkafka mock cluster in this process (its CPU then counts against the client: use for debugging).</summary>
public sealed class InProcessMockCluster(int brokers) : IBenchCluster
{
    private readonly MockCluster _cluster = MockCluster.Start(brokers);

    /// <inheritdoc />
    public string BootstrapServers => _cluster.BootstrapServers;

    /// <inheritdoc />
    public string Description => $"librdkafka {LibrdkafkaLoader.Version} mock cluster, {_cluster.BrokerCount} brokers, in-process";

    /// <inheritdoc />
    public void CreateTopic(string topic, int partitions) => _cluster.CreateTopic(topic, partitions, replicationFactor: 1);

    /// <inheritdoc />
    public TimeSpan? ProcessorTime => null;

    /// <inheritdoc />
    public void Dispose() => _cluster.Dispose();
}
