using Brook.Cluster.Model;
using Microsoft.Extensions.Time.Testing;

namespace Brook.Cluster.Tests;

/// <summary>A cluster core on a fake clock with one topic "t" (RF 3 unless told otherwise).</summary>
internal sealed class ClusterFixture : IDisposable
{
    public ClusterFixture(int brokers = 3, int partitions = 1, int replicationFactor = 3, TopicConfig? config = null, Func<EmbeddedClusterOptions, EmbeddedClusterOptions>? configure = null)
    {
        var options = new EmbeddedClusterOptions { BrokerCount = brokers, TimeProvider = Time };
        Cluster = new ClusterState(configure is null ? options : configure(options));
        Topic = Cluster.CreateTopic("t", partitions, replicationFactor, config);
    }

    public FakeTimeProvider Time { get; } = new(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000));

    public ClusterState Cluster { get; }

    public TopicState Topic { get; }

    public PartitionState Partition => Topic.Partitions[0];

    public int Leader => Partition.LeaderId;

    public int[] Followers => Partition.Replicas.Select(r => r.BrokerId).Where(b => b != Partition.LeaderId).ToArray();

    public ValueTask<PartitionProduceResult> Produce(byte[] batch, short acks = -1, int timeoutMs = 30_000, PartitionState? partition = null)
    {
        partition ??= Partition;
        return partition.AppendAsync(partition.LeaderId, batch, acks, timeoutMs, produceVersion: 9);
    }

    /// <summary>Advances the fake clock and runs the replication step, as the cluster's ticker would.</summary>
    public void Advance(int ms)
    {
        Time.Advance(TimeSpan.FromMilliseconds(ms));
        Cluster.Tick();
    }

    /// <summary>The result of a produce that must have completed synchronously.</summary>
    public static PartitionProduceResult Completed(ValueTask<PartitionProduceResult> task)
    {
        Assert.True(task.IsCompletedSuccessfully, "the produce did not complete synchronously");
        return task.Result;
    }

    public void Dispose() => Cluster.Dispose();
}
