using System.Text;
using Brook.IntegrationTests.Interop;
using Brook.Producer.Internals;
using Brook.Producer.Metadata;
using Brook.Producer.Network;
using Brook.Protocol;
using Brook.Protocol.Messages;
using Brook.Protocol.Records;
using Brook.TestSupport.Interop;
using Ck = Confluent.Kafka;

namespace Brook.IntegrationTests.Network;

/// <summary>Brook's connections, ApiVersions negotiation and metadata against librdkafka's mock cluster.</summary>
public sealed class NetworkClientMockClusterTests(MockClusterFixture fixture) : IClassFixture<MockClusterFixture>
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);
    private readonly MockCluster _cluster = fixture.Cluster;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Bootstrap_NegotiatesVersions_AndFetchesMetadataOfACreatedTopic()
    {
        var topic = NewTopic();
        _cluster.CreateTopic(topic, 3);
        await using var client = NewClient();
        var metadata = new MetadataManager(client, new MetadataSettings(), new RandomSource(1));
        metadata.Touch(topic);

        await metadata.RefreshAsync(Ct).WaitAsync(Bound, Ct);

        var view = metadata.Current;
        Assert.Equal([1, 2, 3], view.Brokers.Keys.Order());
        Assert.Equal([1, 2, 3], client.NodeIds.Order());
        var t = view.Topics[topic];
        Assert.Equal(3, t.PartitionCount);
        Assert.All(t.Partitions, p => Assert.InRange(p.LeaderId, 1, 3));
        var connection = await client.GetConnectionAsync(t.Partitions[0].LeaderId, Ct).AsTask().WaitAsync(Bound, Ct);
        Assert.True(connection.Versions.GetVersion(ApiKey.Produce, connection.Node) >= 3);
        Assert.True(connection.Versions.TryGetVersion(ApiKey.Metadata, out _));
    }

    [Fact]
    public async Task Refresh_AfterSetLeader_FollowsTheLeaderMove()
    {
        var topic = NewTopic();
        _cluster.CreateTopic(topic, 1);
        await using var client = NewClient();
        var metadata = new MetadataManager(client, new MetadataSettings(), new RandomSource(1));
        metadata.Touch(topic);
        await metadata.RefreshAsync(Ct).WaitAsync(Bound, Ct);
        var before = metadata.Current.Topics[topic].Partitions[0].LeaderId;
        var target = before % 3 + 1;

        _cluster.SetLeader(topic, 0, target);
        await metadata.RefreshAsync(Ct).WaitAsync(Bound, Ct);

        Assert.Equal(target, metadata.Current.Leader(topic, 0)!.Value.NodeId);
    }

    [Fact]
    public async Task BrokerDownThenUp_RaisesDisconnected_ThenReconnects()
    {
        using var cluster = MockCluster.Start(1);
        await using var client = NewClient(cluster.BootstrapServers);
        var metadata = new MetadataManager(client, new MetadataSettings(), new RandomSource(1));
        await metadata.RefreshAsync(Ct).WaitAsync(Bound, Ct);
        await client.GetConnectionAsync(1, Ct).AsTask().WaitAsync(Bound, Ct);
        var disconnected = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        client.Disconnected += (id, _) => disconnected.TrySetResult(id);

        cluster.BrokerDown(1);

        Assert.Equal(1, await disconnected.Task.WaitAsync(Bound, Ct));
        cluster.BrokerUp(1);
        var start = TimeProvider.System.GetTimestamp();
        while (true)
        {
            try
            {
                var again = await client.GetConnectionAsync(1, Ct).AsTask().WaitAsync(Bound, Ct);
                Assert.Equal(ConnectionState.Ready, again.State);
                break;
            }
            catch (Brook.Producer.KafkaException) when (TimeProvider.System.GetElapsedTime(start) < Bound)
            {
                // the mock may refuse a moment longer; NetworkClient backs off between attempts
            }
        }
    }

    [Fact]
    public async Task HandBuiltProduceRequest_IsReadBackByAConfluentConsumer()
    {
        var topic = NewTopic();
        _cluster.CreateTopic(topic, 1);
        await using var client = NewClient();
        var metadata = new MetadataManager(client, new MetadataSettings(), new RandomSource(1));
        var wait = metadata.WaitForTopicAsync(topic, 30_000, Ct).AsTask();
        await metadata.RefreshAsync(Ct).WaitAsync(Bound, Ct);
        var topicMetadata = await wait.WaitAsync(Bound, Ct);
        var leader = topicMetadata.Partitions[0].LeaderId;
        using var batch = new RecordBatchBuilder(16384);
        Assert.True(batch.TryAppend(1_700_000_000_000, "k"u8, false, "hello brook"u8, false, []));
        var records = batch.Seal(-1, -1, -1, false);
        var request = new ProduceRequest
        {
            Acks = -1,
            TimeoutMs = 10_000,
            TopicData = [new ProduceRequest.TopicProduceData { Name = topic, PartitionData = [new ProduceRequest.PartitionProduceData { Index = 0, Records = records }] }],
        };
        var connection = await client.GetConnectionAsync(leader, Ct).AsTask().WaitAsync(Bound, Ct);

        var response = await connection.SendAsync<ProduceResponse>(request).AsTask().WaitAsync(Bound, Ct);

        var partition = Assert.Single(Assert.Single(response.Responses).PartitionResponses);
        Assert.Equal(0, partition.ErrorCode);
        Assert.Equal(0, partition.BaseOffset);
        using var consumer = ConfluentPeers.BuildConsumer(ConfluentPeers.ConsumerConfig(_cluster.BootstrapServers));
        consumer.Assign(new Ck.TopicPartitionOffset(topic, 0, Ck.Offset.Beginning));
        var start = TimeProvider.System.GetTimestamp();
        Ck.ConsumeResult<byte[], byte[]>? read = null;
        while (read is null && TimeProvider.System.GetElapsedTime(start) < Bound)
        {
            var result = consumer.Consume(TimeSpan.FromMilliseconds(500));
            if (result is { IsPartitionEOF: false })
            {
                read = result;
            }
        }

        Assert.NotNull(read);
        Assert.Equal("k", Encoding.UTF8.GetString(read.Message.Key));
        Assert.Equal("hello brook", Encoding.UTF8.GetString(read.Message.Value));
        Assert.Equal(1_700_000_000_000, read.Message.Timestamp.UnixTimestampMs);
    }

    private static string NewTopic() => "net-" + Guid.NewGuid().ToString("N")[..12];

    private NetworkClient NewClient(string? bootstrap = null) => new(
        new NetworkSettings { ClientId = "brook-net-it", ReconnectBackoffMs = 20, ReconnectBackoffMaxMs = 200 },
        BrokerNode.ParseBootstrap(bootstrap ?? _cluster.BootstrapServers),
        new RandomSource(1));
}
