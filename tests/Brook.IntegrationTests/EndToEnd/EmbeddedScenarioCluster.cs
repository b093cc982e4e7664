using Brook.Cluster;
using Brook.Cluster.Faults;
using BrookErrorCode = Brook.Protocol.Errors.ErrorCode;

namespace Brook.IntegrationTests.EndToEnd;

/// <summary>The scenarios' cluster as Brook.Cluster: 3 brokers, replication factor 3, one per test class.</summary>
public sealed class EmbeddedScenarioCluster : IScenarioCluster, IAsyncLifetime
{
    private EmbeddedCluster? _cluster;

    private EmbeddedCluster Cluster => _cluster ?? throw new InvalidOperationException("The embedded cluster is not started.");

    /// <inheritdoc />
    public string BootstrapServers => Cluster.BootstrapServers;

    /// <inheritdoc />
    public async ValueTask InitializeAsync() =>
        _cluster = await EmbeddedCluster.StartAsync(new EmbeddedClusterOptions { BrokerCount = 3, DefaultReplicationFactor = 3 });

    /// <inheritdoc />
    public void CreateTopic(string topic, int partitions) => Cluster.CreateTopic(topic, partitions, 3);

    /// <inheritdoc />
    public void PushProduceErrors(params BrookErrorCode[] errors)
    {
        foreach (var error in errors)
        {
            Cluster.Faults.Add(new RequestFault { ApiKey = (short)Brook.Protocol.ApiKey.Produce, Error = error });
        }
    }

    /// <inheritdoc />
    public ValueTask BrokerDownAsync(int broker) => Cluster.Faults.SetBrokerDownAsync(broker);

    /// <inheritdoc />
    public void BrokerUp(int broker) => Cluster.Faults.SetBrokerUp(broker);

    /// <inheritdoc />
    public void MoveLeader(string topic, int partition, int broker) => Cluster.Faults.MoveLeader(topic, partition, broker);

    /// <inheritdoc />
    public void SetLatency(int latencyMs)
    {
        for (var broker = 0; broker < 3; broker++)
        {
            Cluster.Faults.SetBrokerLatency(broker, latencyMs);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }
}
