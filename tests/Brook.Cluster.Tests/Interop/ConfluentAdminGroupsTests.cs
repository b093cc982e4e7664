using Confluent.Kafka;
using Confluent.Kafka.Admin;

namespace Brook.Cluster.Tests.Interop;

/// <summary>
/// librdkafka's AdminClient (Confluent.Kafka 2.16.0) listing and describing a live classic group: ListGroups goes
/// to every broker and is merged, DescribeGroups to the group's coordinator.
/// </summary>
public sealed class ConfluentAdminGroupsTests : IAsyncLifetime
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);
    private EmbeddedCluster _cluster = null!;

    public async ValueTask InitializeAsync() =>
        _cluster = await EmbeddedCluster.StartAsync(new EmbeddedClusterOptions { Groups = new GroupOptions { InitialRebalanceDelayMs = 0 } });

    public async ValueTask DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task ListAndDescribeConsumerGroups_ReportAStableGroupWithItsMemberAndAssignment()
    {
        const string topic = "admin-groups";
        _cluster.CreateTopic(topic, partitions: 2, replicationFactor: 3);
        using var consumer = new ConsumerBuilder<Ignore, Ignore>(new ConsumerConfig
        {
            BootstrapServers = _cluster.BootstrapServers,
            GroupId = "listed",
            ClientId = "listed-client",
            EnableAutoCommit = false,
        }).Build();
        consumer.Subscribe(topic);
        var deadline = DateTime.UtcNow + Bound;
        while (consumer.Assignment.Count < 2 && DateTime.UtcNow < deadline)
        {
            consumer.Consume(TimeSpan.FromMilliseconds(100));
        }

        Assert.Equal(2, consumer.Assignment.Count);
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = _cluster.BootstrapServers }).Build();

        var listed = await admin.ListConsumerGroupsAsync(new ListConsumerGroupsOptions { RequestTimeout = Bound });
        var stableOnly = await admin.ListConsumerGroupsAsync(new ListConsumerGroupsOptions { RequestTimeout = Bound, MatchStates = [ConsumerGroupState.Stable] });
        var emptyOnly = await admin.ListConsumerGroupsAsync(new ListConsumerGroupsOptions { RequestTimeout = Bound, MatchStates = [ConsumerGroupState.Empty] });
        var described = await admin.DescribeConsumerGroupsAsync(["listed", "never-existed"], new DescribeConsumerGroupsOptions { RequestTimeout = Bound });
        consumer.Close();

        var listing = Assert.Single(listed.Valid, g => g.GroupId == "listed");
        Assert.Equal(ConsumerGroupState.Stable, listing.State);
        Assert.False(listing.IsSimpleConsumerGroup);
        Assert.Contains(stableOnly.Valid, g => g.GroupId == "listed");
        Assert.DoesNotContain(emptyOnly.Valid, g => g.GroupId == "listed");
        var group = Assert.Single(described.ConsumerGroupDescriptions, d => d.GroupId == "listed");
        Assert.Equal(ConsumerGroupState.Stable, group.State);
        Assert.Equal("range", group.PartitionAssignor);
        Assert.Equal(_cluster.State.CoordinatorFor("listed"), group.Coordinator.Id);
        var member = Assert.Single(group.Members);
        Assert.Equal(("listed-client", "/127.0.0.1"), (member.ClientId, member.Host));
        Assert.StartsWith("listed-client-", member.ConsumerId, StringComparison.Ordinal);
        Assert.Equal([0, 1], member.Assignment.TopicPartitions.Where(tp => tp.Topic == topic).Select(tp => tp.Partition.Value).Order());
        Assert.Equal(ConsumerGroupState.Dead, Assert.Single(described.ConsumerGroupDescriptions, d => d.GroupId == "never-existed").State);
    }
}
