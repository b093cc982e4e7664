using Brook.Cluster;
using Confluent.Kafka;
using Confluent.Kafka.Admin;

namespace Brook.IntegrationTests.Groups;

/// <summary>Confluent's AdminClient (librdkafka) creating and deleting topics on the embedded cluster.</summary>
public sealed class ConfluentAdminClientTests : IAsyncLifetime
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);
    private EmbeddedCluster _cluster = null!;

    public async ValueTask InitializeAsync() => _cluster = await EmbeddedCluster.StartAsync(new EmbeddedClusterOptions { AutoCreateTopics = false });

    public async ValueTask DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task CreateTopics_ThenDeleteTopics_ChangeTheClusterAndReportPerTopicErrors()
    {
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = _cluster.BootstrapServers, BrokerAddressFamily = BrokerAddressFamily.V4, SocketTimeoutMs = 10_000 }).Build();
        var options = new CreateTopicsOptions { RequestTimeout = Bound, OperationTimeout = Bound };

        await admin.CreateTopicsAsync(
            [new TopicSpecification { Name = "admin-a", NumPartitions = 4, ReplicationFactor = 2, Configs = new() { ["min.insync.replicas"] = "2" } }],
            options).WaitAsync(Bound, TestContext.Current.CancellationToken);
        Assert.Equal(2, _cluster.GetPartition("admin-a", 3).Replicas.Count);

        var failure = await Assert.ThrowsAsync<CreateTopicsException>(() => admin.CreateTopicsAsync(
            [new TopicSpecification { Name = "admin-a", NumPartitions = 1, ReplicationFactor = 1 }, new TopicSpecification { Name = "admin-b", NumPartitions = 1, ReplicationFactor = 5 }],
            options).WaitAsync(Bound, TestContext.Current.CancellationToken));
        Assert.Equal([ErrorCode.TopicAlreadyExists, ErrorCode.InvalidReplicationFactor], failure.Results.Select(r => r.Error.Code));

        await admin.DeleteTopicsAsync(["admin-a"], new DeleteTopicsOptions { RequestTimeout = Bound, OperationTimeout = Bound }).WaitAsync(Bound, TestContext.Current.CancellationToken);
        Assert.Throws<ArgumentException>(() => _cluster.GetPartition("admin-a", 0));
    }
}
