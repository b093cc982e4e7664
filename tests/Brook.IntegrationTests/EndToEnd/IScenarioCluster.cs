using BrookErrorCode = Brook.Protocol.Errors.ErrorCode;

namespace Brook.IntegrationTests.EndToEnd;

/// <summary>
/// A 3-broker cluster (brokers named by index 0..2: the mock's ids 1..3, Brook.Cluster's ids 0..2) the shared producer scenarios run against, with the faults they inject expressed
/// once: librdkafka's mock cluster and Brook.Cluster each implement it with their own fault API.
/// </summary>
public interface IScenarioCluster
{
    /// <summary>Bootstrap list for clients.</summary>
    string BootstrapServers { get; }

    /// <summary>Creates a topic with replication factor 3.</summary>
    void CreateTopic(string topic, int partitions);

    /// <summary>The next Produce requests (any broker) are each answered with one of these errors, in order, without appending.</summary>
    void PushProduceErrors(params BrookErrorCode[] errors);

    /// <summary>Drops the broker's connections and refuses new ones.</summary>
    ValueTask BrokerDownAsync(int broker);

    /// <summary>Lets the broker accept connections again.</summary>
    void BrokerUp(int broker);

    /// <summary>Makes <paramref name="broker"/> the partition's leader.</summary>
    void MoveLeader(string topic, int partition, int broker);

    /// <summary>Delays every broker's responses by <paramref name="latencyMs"/> (0 clears).</summary>
    void SetLatency(int latencyMs);
}
