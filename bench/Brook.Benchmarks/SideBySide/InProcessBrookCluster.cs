using Brook.Cluster;

namespace Brook.Benchmarks.SideBySide;

/// <summary>Brook.Cluster's embedded cluster in this process (normally hosted in a child by <see cref="ClusterHost"/>).</summary>
public sealed class InProcessBrookCluster : IBenchCluster
{
    private readonly EmbeddedCluster _cluster;
    private readonly int _brokers;
    private readonly long _retentionBytes;

    /// <summary>
    /// Starts an embedded cluster of <paramref name="brokers"/> brokers on ephemeral loopback ports; its topics get
    /// <c>retention.bytes</c> = <paramref name="retentionBytes"/> (-1 = unlimited).
    /// </summary>
    public InProcessBrookCluster(int brokers, long retentionBytes = -1)
    {
        _brokers = brokers;
        _retentionBytes = retentionBytes;
        // No request history: a perf run keeps no decoded requests around.
        var options = new EmbeddedClusterOptions { BrokerCount = brokers, DefaultReplicationFactor = Math.Min(3, brokers), AutoCreateTopics = false, RequestHistoryCapacity = 0 };
        _cluster = EmbeddedCluster.StartAsync(options).AsTask().GetAwaiter().GetResult();
    }

    /// <inheritdoc />
    public string BootstrapServers => _cluster.BootstrapServers;

    /// <inheritdoc />
    public string Description => $"Brook.Cluster EmbeddedCluster, {_brokers} brokers, retention.bytes {_retentionBytes}";

    /// <inheritdoc />
    public void CreateTopic(string topic, int partitions) =>
        _cluster.CreateTopic(topic, partitions, config: new TopicConfig { RetentionBytes = _retentionBytes });

    /// <inheritdoc />
    public TimeSpan? ProcessorTime => null;

    /// <inheritdoc />
    public void Dispose() => _cluster.DisposeAsync().AsTask().GetAwaiter().GetResult();
}
