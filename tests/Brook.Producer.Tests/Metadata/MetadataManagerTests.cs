using Brook.Producer.Internals;
using Brook.Producer.Metadata;
using Brook.Producer.Network;
using Brook.Producer.Tests.Network;
using Brook.Protocol;
using Brook.Protocol.Errors;
using Brook.Protocol.Messages;
using Microsoft.Extensions.Time.Testing;

namespace Brook.Producer.Tests.Metadata;

public sealed partial class MetadataManagerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task WaitForTopicAsync_CompletesWhenARefreshFromBootstrapNamesTheTopic_AndSwitchesToTheBrokers()
    {
        await using var broker = new FakeBroker(7);
        broker.Topics["orders"] = (3, 7, 5);
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddDays(1));
        await using var client = new NetworkClient(TestNet.Settings(time), BrokerNode.ParseBootstrap(broker.Bootstrap), new RandomSource(1));
        var metadata = new MetadataManager(client, new MetadataSettings(), new RandomSource(1));
        var wanted = 0;
        metadata.UpdateWanted += () => wanted++;

        var wait = metadata.WaitForTopicAsync("orders", 60_000, Ct).AsTask();
        Assert.False(wait.IsCompleted);
        await metadata.RefreshAsync(Ct).WaitAsync(TestNet.Bound, Ct);
        var topic = await wait.WaitAsync(TestNet.Bound, Ct);

        Assert.Equal(3, topic.PartitionCount);
        Assert.Equal([0, 1, 2], topic.AvailablePartitions);
        Assert.All(topic.Partitions, p => Assert.Equal((7, 5), (p.LeaderId, p.LeaderEpoch)));
        Assert.Equal(7, metadata.Current.Leader("orders", 2)!.Value.NodeId);
        Assert.Equal([7], client.NodeIds);
        var request = Assert.IsType<MetadataRequest>(broker.Received.Last(r => r.Key == ApiKey.Metadata).Body);
        Assert.True(request.AllowAutoTopicCreation);
        Assert.Equal(["orders"], request.Topics!.Select(t => t.Name));
        Assert.False(metadata.IsUpdateRequested);
        Assert.Equal(1, wanted); // the new topic woke the sender once (the flag itself was already set at construction)
    }

    [Fact]
    public async Task WaitForTopicAsync_ForKnownTopic_CompletesSynchronously()
    {
        await using var broker = new FakeBroker();
        broker.Topics["t"] = (1, 1, 0);
        await using var client = new NetworkClient(TestNet.Settings(), BrokerNode.ParseBootstrap(broker.Bootstrap), new RandomSource(1));
        var metadata = new MetadataManager(client, new MetadataSettings(), new RandomSource(1));
        metadata.Touch("t");
        await metadata.RefreshAsync(Ct).WaitAsync(TestNet.Bound, Ct);

        var wait = metadata.WaitForTopicAsync("t", 1000, Ct);

        Assert.True(wait.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task WaitForTopicAsync_WhenTopicStaysUnknown_TimesOutAfterMaxBlockNamingTheError()
    {
        await using var broker = new FakeBroker();
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddDays(1));
        await using var client = new NetworkClient(TestNet.Settings(time), BrokerNode.ParseBootstrap(broker.Bootstrap), new RandomSource(1));
        var metadata = new MetadataManager(client, new MetadataSettings(), new RandomSource(1));
        metadata.Touch("missing");
        await metadata.RefreshAsync(Ct).WaitAsync(TestNet.Bound, Ct);

        var wait = metadata.WaitForTopicAsync("missing", 1000, Ct).AsTask();
        time.Advance(TimeSpan.FromMilliseconds(999));
        Assert.False(wait.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(1));

        var error = await Assert.ThrowsAsync<KafkaTimeoutException>(() => wait.WaitAsync(TestNet.Bound, Ct));
        Assert.Contains("max.block.ms=1000", error.Message, StringComparison.Ordinal);
        Assert.Contains("UNKNOWN_TOPIC_OR_PARTITION", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RefreshAsync_DropsTopicsIdleLongerThanMetadataMaxIdle()
    {
        await using var broker = new FakeBroker();
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddDays(1));
        await using var client = new NetworkClient(TestNet.Settings(time), BrokerNode.ParseBootstrap(broker.Bootstrap), new RandomSource(1));
        var metadata = new MetadataManager(client, new MetadataSettings { MetadataMaxIdleMs = 1000 }, new RandomSource(1));
        metadata.Touch("old");
        time.Advance(TimeSpan.FromMilliseconds(600));
        metadata.Touch("fresh");
        time.Advance(TimeSpan.FromMilliseconds(401));

        await metadata.RefreshAsync(Ct).WaitAsync(TestNet.Bound, Ct);

        var request = Assert.IsType<MetadataRequest>(broker.Received.Last(r => r.Key == ApiKey.Metadata).Body);
        Assert.Equal(["fresh"], request.Topics!.Select(t => t.Name));
    }

    [Fact]
    public async Task ApplyProduceResponse_WithNewerLeaderHint_MovesTheLeaderAndAddsTheNode()
    {
        await using var broker = new FakeBroker(1);
        broker.Topics["t"] = (2, 1, 4);
        await using var client = new NetworkClient(TestNet.Settings(), BrokerNode.ParseBootstrap(broker.Bootstrap), new RandomSource(1));
        var metadata = new MetadataManager(client, new MetadataSettings(), new RandomSource(1));
        metadata.Touch("t");
        await metadata.RefreshAsync(Ct).WaitAsync(TestNet.Bound, Ct);

        var refresh = metadata.ApplyProduceResponse(NotLeader("t", 1, leader: 2, epoch: 5));

        Assert.True(refresh);
        Assert.Equal(2, metadata.Current.Leader("t", 1)!.Value.NodeId);
        Assert.Equal(1, metadata.Current.Leader("t", 0)!.Value.NodeId);
        Assert.True(client.TryGetNode(2, out var node));
        Assert.Equal(9999, node.Port);
    }

    [Fact]
    public async Task ApplyLeaderHint_WithOlderOrEqualEpoch_IsIgnored()
    {
        await using var broker = new FakeBroker(1);
        broker.Topics["t"] = (1, 1, 4);
        await using var client = new NetworkClient(TestNet.Settings(), BrokerNode.ParseBootstrap(broker.Bootstrap), new RandomSource(1));
        var metadata = new MetadataManager(client, new MetadataSettings(), new RandomSource(1));
        metadata.Touch("t");
        await metadata.RefreshAsync(Ct).WaitAsync(TestNet.Bound, Ct);

        Assert.False(metadata.ApplyLeaderHint("t", 0, 2, 4, [new BrokerNode(2, "127.0.0.1", 9999)]));
        Assert.False(metadata.ApplyLeaderHint("t", 0, 2, -1, [new BrokerNode(2, "127.0.0.1", 9999)]));
        Assert.Equal(1, metadata.Current.Leader("t", 0)!.Value.NodeId);
    }

    [Fact]
    public void BuildView_KeepsAHintedLeaderWhoseEpochIsNewerThanTheResponse()
    {
        var hinted = MetadataManager.BuildView(Response(leader: 1, epoch: 4), ClusterView.Empty, 1)
            .WithLeader("t", 0, 2, 6, []);

        var stale = MetadataManager.BuildView(Response(leader: 1, epoch: 5), hinted, 2);
        var newer = MetadataManager.BuildView(Response(leader: 1, epoch: 7), hinted, 3);

        Assert.Equal((2, 6), (stale.Topics["t"].Partitions[0].LeaderId, stale.Topics["t"].Partitions[0].LeaderEpoch));
        Assert.Equal((1, 7), (newer.Topics["t"].Partitions[0].LeaderId, newer.Topics["t"].Partitions[0].LeaderEpoch));
    }

    [Fact]
    public void BuildView_MissingPartitionIndexes_AreLeaderless()
    {
        var response = Response(leader: 1, epoch: 0);
        response.Topics[0].Partitions[0].PartitionIndex = 2;

        var view = MetadataManager.BuildView(response, ClusterView.Empty, 1);

        Assert.Equal(3, view.PartitionCount("t"));
        Assert.Equal([2], view.Topics["t"].AvailablePartitions);
        Assert.Null(view.Leader("t", 0));
        Assert.Equal(-1, view.PartitionCount("other"));
    }

    private static MetadataResponse Response(int leader, int epoch) => new()
    {
        Brokers =
        [
            new MetadataResponse.MetadataResponseBroker { NodeId = 1, Host = "127.0.0.1", Port = 1 },
            new MetadataResponse.MetadataResponseBroker { NodeId = 2, Host = "127.0.0.1", Port = 2 },
        ],
        Topics =
        [
            new MetadataResponse.MetadataResponseTopic
            {
                Name = "t",
                Partitions = [new MetadataResponse.MetadataResponsePartition { PartitionIndex = 0, LeaderId = leader, LeaderEpoch = epoch }],
            },
        ],
    };

    private static ProduceResponse NotLeader(string topic, int partition, int leader, int epoch) => new()
    {
        Responses =
        [
            new ProduceResponse.TopicProduceResponse
            {
                Name = topic,
                PartitionResponses =
                [
                    new ProduceResponse.PartitionProduceResponse
                    {
                        Index = partition,
                        ErrorCode = (short)ErrorCode.NotLeaderOrFollower,
                        CurrentLeader = new ProduceResponse.LeaderIdAndEpoch { LeaderId = leader, LeaderEpoch = epoch },
                    },
                ],
            },
        ],
        NodeEndpoints = [new ProduceResponse.NodeEndpoint { NodeId = leader, Host = "127.0.0.1", Port = 9999 }],
    };
}
