using Brook.TestSupport.Interop;
using BrookErrorCode = Brook.Protocol.Errors.ErrorCode;

namespace Brook.IntegrationTests.EndToEnd;

/// <summary>The scenarios' cluster as librdkafka's mock: 3 brokers, controller 1, one per test class.</summary>
public sealed class MockScenarioCluster : IScenarioCluster, IDisposable
{
    private readonly MockCluster _cluster = MockCluster.Start(3);

    /// <summary>Starts the mock and names broker 1 controller (the mock says 0 otherwise, peers.md deviation 3).</summary>
    public MockScenarioCluster() => _cluster.SetControllerId(1);

    /// <inheritdoc />
    public string BootstrapServers => _cluster.BootstrapServers;

    /// <inheritdoc />
    public void CreateTopic(string topic, int partitions) => _cluster.CreateTopic(topic, partitions, 3);

    /// <inheritdoc />
    public void PushProduceErrors(params BrookErrorCode[] errors) => _cluster.PushRequestErrors(Brook.Protocol.ApiKey.Produce, errors);

    /// <inheritdoc />
    public ValueTask BrokerDownAsync(int broker)
    {
        _cluster.BrokerDown(broker + 1);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public void BrokerUp(int broker) => _cluster.BrokerUp(broker + 1);

    /// <inheritdoc />
    public void MoveLeader(string topic, int partition, int broker) => _cluster.SetLeader(topic, partition, broker + 1);

    /// <inheritdoc />
    public void SetLatency(int latencyMs) => _cluster.SetRtt(-1, latencyMs);

    /// <inheritdoc />
    public void Dispose() => _cluster.Dispose();
}
