using Brook.Cluster.Faults;
using Brook.Cluster.Observability;
using Brook.Cluster.Tests.Network;
using Brook.Protocol;
using Brook.Protocol.Errors;
using Brook.Protocol.Messages;
using Microsoft.Extensions.Time.Testing;

namespace Brook.Cluster.Tests;

public sealed class EmbeddedClusterTests : IAsyncLifetime
{
    private EmbeddedCluster _cluster = null!;

    public async ValueTask InitializeAsync()
    {
        _cluster = await EmbeddedCluster.StartAsync(new EmbeddedClusterOptions
        {
            TimeProvider = new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000)),
            DefaultPartitions = 2,
        });
        _cluster.CreateTopic("t", partitions: 1);
    }

    public async ValueTask DisposeAsync() => await _cluster.DisposeAsync();

    private int PortOf(int broker) => int.Parse(_cluster.BootstrapServers.Split(',')[broker].Split(':')[1], System.Globalization.CultureInfo.InvariantCulture);

    private Task<TestKafkaClient> ConnectToLeaderAsync() => TestKafkaClient.ConnectAsync(PortOf(_cluster.GetPartition("t", 0).Leader));

    private static ProduceRequest ProduceOf(string topic, byte[] batch, short acks = -1, int partition = 0) => new()
    {
        Acks = acks,
        TimeoutMs = 5000,
        TopicData = [new ProduceRequest.TopicProduceData { Name = topic, PartitionData = [new ProduceRequest.PartitionProduceData { Index = partition, Records = batch }] }],
    };

    [Fact]
    public void StartAsync_BindsOneLoopbackListenerPerBroker()
    {
        var servers = _cluster.BootstrapServers.Split(',');

        Assert.Equal(3, servers.Length);
        Assert.All(servers, s => Assert.StartsWith("127.0.0.1:", s, StringComparison.Ordinal));
        Assert.Equal(3, servers.Distinct().Count());
    }

    [Fact]
    public async Task ApiVersions_V3_ListsTheImplementedApisWithProduceAdvertisedFromZero()
    {
        await using var client = await TestKafkaClient.ConnectAsync(PortOf(0));

        var response = await client.RoundTripAsync(ApiKey.ApiVersions, 3, new ApiVersionsRequest { ClientSoftwareName = "brook", ClientSoftwareVersion = "1.0.0" }, Decode.ApiVersions);

        Assert.Equal(0, response.ErrorCode);
        var produce = response.ApiKeys.Single(k => k.ApiKey == (short)ApiKey.Produce);
        Assert.Equal((0, 11), (produce.MinVersion, produce.MaxVersion));
        Assert.Contains(response.ApiKeys, k => k.ApiKey == (short)ApiKey.Metadata && k.MaxVersion == 12);
        Assert.DoesNotContain(response.ApiKeys, k => k.ApiKey == 71);
    }

    [Fact]
    public async Task ApiVersions_WithoutFlexibleVersions_AdvertisesEachApisLastNonFlexibleVersionAndServesNothingAbove()
    {
        await using var capped = await EmbeddedCluster.StartAsync(
            new EmbeddedClusterOptions { BrokerCount = 1, FlexibleVersions = false, MaxApiVersions = new Dictionary<ApiKey, short> { [ApiKey.Produce] = 7, [ApiKey.Fetch] = 1 } },
            TestContext.Current.CancellationToken);
        await using var client = await TestKafkaClient.ConnectAsync(int.Parse(capped.BootstrapServers.Split(':')[1], System.Globalization.CultureInfo.InvariantCulture));

        var response = await client.RoundTripAsync(ApiKey.ApiVersions, 2, new ApiVersionsRequest(), Decode.ApiVersions);

        var max = response.ApiKeys.ToDictionary(k => (ApiKey)k.ApiKey, k => k.MaxVersion);
        Assert.Equal(2, max[ApiKey.ApiVersions]);
        Assert.Equal(8, max[ApiKey.Metadata]);
        Assert.Equal(7, max[ApiKey.Produce]);
        Assert.Equal(4, max[ApiKey.Fetch]);
        Assert.Equal(3, max[ApiKey.OffsetForLeaderEpoch]);
        Assert.All(response.ApiKeys, k => Assert.False(SupportedApis.Get((ApiKey)k.ApiKey).IsFlexible(k.MaxVersion), $"{(ApiKey)k.ApiKey} v{k.MaxVersion}"));
        await client.SendAsync(ApiKey.Metadata, 9, new MetadataRequest());
        Assert.True(await client.IsClosedAsync());
    }

    [Fact]
    public async Task ApiVersions_AboveMax_AnswersTheV0GoldenBytes()
    {
        await using var client = await TestKafkaClient.ConnectAsync(PortOf(0));

        await client.SendRawAsync(new byte[] { 0, 0, 0, 0x10, 0x00, 0x12, 0x00, 0x05, 0, 0, 0, 1, 0, 5, 0x62, 0x72, 0x6f, 0x6f, 0x6b, 0 });
        var frame = await client.ReadFrameAsync();

        Assert.Equal(new byte[] { 0, 0, 0, 1, 0, 0x23, 0, 0, 0, 1, 0, 0x12, 0, 0, 0, 4 }, frame);
    }

    [Fact]
    public async Task ApiVersions_V3WithInvalidSoftwareName_IsInvalidRequest()
    {
        await using var client = await TestKafkaClient.ConnectAsync(PortOf(1));

        var response = await client.RoundTripAsync(ApiKey.ApiVersions, 3, new ApiVersionsRequest { ClientSoftwareName = "-bad", ClientSoftwareVersion = "1" }, Decode.ApiVersions);

        Assert.Equal((short)ErrorCode.InvalidRequest, response.ErrorCode);
    }

    [Fact]
    public async Task UnknownApiKey_ClosesTheConnection()
    {
        await using var client = await TestKafkaClient.ConnectAsync(PortOf(0));

        await client.SendRawAsync(new byte[] { 0, 0, 0, 10, 0x00, 0x47, 0, 0, 0, 0, 0, 1, 0xff, 0xff });

        Assert.True(await client.IsClosedAsync());
    }

    [Fact]
    public async Task ProduceV2_ClosesTheConnectionAlthoughAdvertised()
    {
        await using var client = await ConnectToLeaderAsync();

        await client.SendAsync(ApiKey.Produce, 2, ProduceOf("t", TestBatches.Create()));

        Assert.True(await client.IsClosedAsync());
        Assert.Equal(0, _cluster.GetPartition("t", 0).LogEndOffset);
    }

    [Fact]
    public async Task Metadata_V12_DescribesBrokersTopicLeadersAndIds()
    {
        await using var client = await TestKafkaClient.ConnectAsync(PortOf(2));

        var response = await client.RoundTripAsync(ApiKey.Metadata, 12, new MetadataRequest { Topics = [new() { Name = "t" }] }, Decode.Metadata);

        Assert.Equal(3, response.Brokers.Count);
        Assert.Equal(_cluster.BootstrapServers, string.Join(',', response.Brokers.OrderBy(b => b.NodeId).Select(b => $"{b.Host}:{b.Port}")));
        var topic = Assert.Single(response.Topics);
        Assert.Equal(0, topic.ErrorCode);
        Assert.NotEqual(Guid.Empty, topic.TopicId);
        var p = Assert.Single(topic.Partitions);
        var s = _cluster.GetPartition("t", 0);
        Assert.Equal(s.Leader, p.LeaderId);
        Assert.Equal(s.Isr, p.IsrNodes);
        Assert.Equal(3, p.ReplicaNodes.Count);
    }

    [Fact]
    public async Task Metadata_UnknownTopic_IsAutoCreatedUnlessTheRequestForbidsIt()
    {
        await using var client = await TestKafkaClient.ConnectAsync(PortOf(0));

        var forbidden = await client.RoundTripAsync(ApiKey.Metadata, 9, new MetadataRequest { Topics = [new() { Name = "nope" }], AllowAutoTopicCreation = false }, Decode.Metadata);
        var created = await client.RoundTripAsync(ApiKey.Metadata, 9, new MetadataRequest { Topics = [new() { Name = "fresh" }] }, Decode.Metadata);

        Assert.Equal((short)ErrorCode.UnknownTopicOrPartition, forbidden.Topics[0].ErrorCode);
        Assert.Equal(0, created.Topics[0].ErrorCode);
        Assert.Equal(2, created.Topics[0].Partitions.Count);
    }

    [Fact]
    public async Task Metadata_V0EmptyList_ListsEveryTopic()
    {
        await using var client = await TestKafkaClient.ConnectAsync(PortOf(0));
        _cluster.CreateTopic("other");

        var response = await client.RoundTripAsync(ApiKey.Metadata, 0, new MetadataRequest { Topics = [] }, Decode.Metadata);

        Assert.Equal(["other", "t"], response.Topics.Select(t => t.Name));
    }

    [Theory]
    [InlineData(3)]
    [InlineData(8)]
    [InlineData(9)]
    [InlineData(11)]
    public async Task Produce_AcksAll_AppendsAndAnswersOffsetsInEveryEncoding(short version)
    {
        await using var client = await ConnectToLeaderAsync();

        var first = await client.RoundTripAsync(ApiKey.Produce, version, ProduceOf("t", TestBatches.Create(records: 3)), Decode.Produce);
        var second = await client.RoundTripAsync(ApiKey.Produce, version, ProduceOf("t", TestBatches.Create(records: 2)), Decode.Produce);

        var p1 = first.Responses.Single().PartitionResponses.Single();
        var p2 = second.Responses.Single().PartitionResponses.Single();
        Assert.Equal((0, 0L), (p1.ErrorCode, p1.BaseOffset));
        Assert.Equal((0, 3L), (p2.ErrorCode, p2.BaseOffset));
        Assert.Equal(5, _cluster.GetPartition("t", 0).HighWatermark);
    }

    [Fact]
    public async Task Produce_AcksZero_WritesNoResponseAndKeepsOrder()
    {
        await using var client = await ConnectToLeaderAsync();

        await client.SendAsync(ApiKey.Produce, 9, ProduceOf("t", TestBatches.Create(), acks: 0));
        var response = await client.RoundTripAsync(ApiKey.Produce, 9, ProduceOf("t", TestBatches.Create(), acks: 1), Decode.Produce);

        Assert.Equal(1, response.Responses[0].PartitionResponses[0].BaseOffset);
    }

    [Fact]
    public async Task Produce_AcksZeroWithAnError_ClosesTheConnection()
    {
        await using var client = await ConnectToLeaderAsync();

        await client.SendAsync(ApiKey.Produce, 9, ProduceOf("missing", TestBatches.Create(), acks: 0));

        Assert.True(await client.IsClosedAsync());
    }

    [Fact]
    public async Task Produce_InvalidAcks_IsInvalidRequiredAcksAfterTopicChecks()
    {
        await using var client = await ConnectToLeaderAsync();
        var request = ProduceOf("t", TestBatches.Create(), acks: 2);
        request.TopicData.Add(new ProduceRequest.TopicProduceData { Name = "missing", PartitionData = [new() { Index = 0, Records = TestBatches.Create() }] });

        var response = await client.RoundTripAsync(ApiKey.Produce, 9, request, Decode.Produce);

        Assert.Equal((short)ErrorCode.InvalidRequiredAcks, response.Responses[0].PartitionResponses[0].ErrorCode);
        Assert.Equal((short)ErrorCode.UnknownTopicOrPartition, response.Responses[1].PartitionResponses[0].ErrorCode);
    }

    [Fact]
    public async Task Produce_ToAFollowerV10_CarriesTheLeaderHintAndEndpoint()
    {
        var s = _cluster.GetPartition("t", 0);
        var follower = s.Replicas.First(r => r.BrokerId != s.Leader).BrokerId;
        await using var client = await TestKafkaClient.ConnectAsync(PortOf(follower));

        var response = await client.RoundTripAsync(ApiKey.Produce, 10, ProduceOf("t", TestBatches.Create()), Decode.Produce);

        var p = response.Responses[0].PartitionResponses[0];
        Assert.Equal((short)ErrorCode.NotLeaderOrFollower, p.ErrorCode);
        Assert.Equal(s.Leader, p.CurrentLeader.LeaderId);
        Assert.Equal(s.LeaderEpoch, p.CurrentLeader.LeaderEpoch);
        var endpoint = Assert.Single(response.NodeEndpoints);
        Assert.Equal(PortOf(s.Leader), endpoint.Port);
    }

    [Fact]
    public async Task InitProducerId_ThenRetriedBatch_IsAnsweredWithTheOriginalOffset()
    {
        await using var client = await ConnectToLeaderAsync();
        var init = await client.RoundTripAsync(ApiKey.InitProducerId, 4, new InitProducerIdRequest { TransactionalId = null, TransactionTimeoutMs = 60000 }, Decode.InitProducerId);
        var batch = TestBatches.Idempotent(init.ProducerId, init.ProducerEpoch, 0, records: 4);

        var first = await client.RoundTripAsync(ApiKey.Produce, 9, ProduceOf("t", batch), Decode.Produce);
        var retry = await client.RoundTripAsync(ApiKey.Produce, 9, ProduceOf("t", batch), Decode.Produce);

        Assert.Equal(0, init.ErrorCode);
        Assert.True(init.ProducerId >= 0);
        Assert.Equal(first.Responses[0].PartitionResponses[0].BaseOffset, retry.Responses[0].PartitionResponses[0].BaseOffset);
        Assert.Equal(4, _cluster.GetPartition("t", 0).LogEndOffset);
    }

    [Fact]
    public async Task Fault_DisconnectBeforeAppend_ClosesAndAppendsNothing()
    {
        await using var client = await ConnectToLeaderAsync();
        _cluster.Faults.Add(new RequestFault { ApiKey = 0, Action = FaultAction.DisconnectBeforeAppend });

        await client.SendAsync(ApiKey.Produce, 9, ProduceOf("t", TestBatches.Create()));

        Assert.True(await client.IsClosedAsync());
        Assert.Equal(0, _cluster.GetPartition("t", 0).LogEndOffset);
    }

    [Fact]
    public async Task Fault_DisconnectAfterAppend_ClosesButTheBatchIsStored()
    {
        await using var client = await ConnectToLeaderAsync();
        _cluster.Faults.Add(new RequestFault { ApiKey = 0, Action = FaultAction.DisconnectAfterAppend });

        await client.SendAsync(ApiKey.Produce, 9, ProduceOf("t", TestBatches.Create()));

        Assert.True(await client.IsClosedAsync());
        Assert.Equal(1, _cluster.GetPartition("t", 0).LogEndOffset);
    }

    [Fact]
    public async Task Fault_PartitionError_AnswersItForThatPartitionOnly()
    {
        await using var client = await ConnectToLeaderAsync();
        _cluster.Faults.Add(new RequestFault { ApiKey = 0, Topic = "t", Partition = 0, Error = ErrorCode.NotEnoughReplicas });

        var failed = await client.RoundTripAsync(ApiKey.Produce, 9, ProduceOf("t", TestBatches.Create()), Decode.Produce);
        var passed = await client.RoundTripAsync(ApiKey.Produce, 9, ProduceOf("t", TestBatches.Create()), Decode.Produce);

        Assert.Equal((short)ErrorCode.NotEnoughReplicas, failed.Responses[0].PartitionResponses[0].ErrorCode);
        Assert.Equal(0, passed.Responses[0].PartitionResponses[0].ErrorCode);
    }

    [Fact]
    public async Task Fault_BrokerDown_ClosesItsConnectionsAndMovesLeadership()
    {
        var leader = _cluster.GetPartition("t", 0).Leader;
        await using var client = await TestKafkaClient.ConnectAsync(PortOf(leader));

        await _cluster.Faults.SetBrokerDownAsync(leader, failover: true);

        Assert.True(await client.IsClosedAsync());
        Assert.NotEqual(leader, _cluster.GetPartition("t", 0).Leader);
        await using var other = await TestKafkaClient.ConnectAsync(PortOf(leader));
        Assert.True(await other.IsClosedAsync());
    }

    [Fact]
    public async Task RequestHistory_RecordsAnsweredAndClosedRequests()
    {
        await using var client = await ConnectToLeaderAsync();
        await client.RoundTripAsync(ApiKey.Metadata, 12, new MetadataRequest { Topics = null }, Decode.Metadata);
        await client.SendAsync(ApiKey.Produce, 2, ProduceOf("t", TestBatches.Create()));
        await client.IsClosedAsync();

        var history = _cluster.RequestHistory;

        var metadata = Assert.Single(history, r => r.ApiKey == (short)ApiKey.Metadata);
        Assert.Equal(RequestOutcome.Answered, metadata.Outcome);
        Assert.Equal("test", metadata.ClientId);
        Assert.IsType<MetadataRequest>(metadata.Request);
        Assert.IsType<MetadataResponse>(metadata.Response);
    }

    private static FetchRequest FetchOf(string topic, long offset, int maxWaitMs = 0, int minBytes = 0, int currentLeaderEpoch = -1) => new()
    {
        MaxWaitMs = maxWaitMs,
        MinBytes = minBytes,
        Topics = [new FetchRequest.FetchTopic { Topic = topic, Partitions = [new() { Partition = 0, FetchOffset = offset, PartitionMaxBytes = 1 << 20, CurrentLeaderEpoch = currentLeaderEpoch }] }],
    };

    [Theory]
    [InlineData(4)]
    [InlineData(12)]
    public async Task Fetch_ReturnsTheStoredBatchesWithAssignedOffsets(short version)
    {
        await using var client = await ConnectToLeaderAsync();
        await client.RoundTripAsync(ApiKey.Produce, 9, ProduceOf("t", TestBatches.Create(records: 3)), Decode.Produce);
        await client.RoundTripAsync(ApiKey.Produce, 9, ProduceOf("t", TestBatches.Create(records: 2)), Decode.Produce);

        var response = await client.RoundTripAsync(ApiKey.Fetch, version, FetchOf("t", 3), Decode.Fetch);

        var p = response.Responses.Single().Partitions.Single();
        Assert.Equal(0, p.ErrorCode);
        Assert.Equal(5, p.HighWatermark);
        var header = Brook.Protocol.Records.RecordBatchHeader.ReadAndValidate(p.Records!.Value.Span);
        Assert.Equal(3, header.BaseOffset);
        Assert.Equal(header.TotalSize, p.Records!.Value.Length);
    }

    [Fact]
    public async Task Fetch_OutOfRangeOffset_IsOffsetOutOfRange()
    {
        await using var client = await ConnectToLeaderAsync();

        var response = await client.RoundTripAsync(ApiKey.Fetch, 12, FetchOf("t", 7), Decode.Fetch);

        Assert.Equal((short)ErrorCode.OffsetOutOfRange, response.Responses[0].Partitions[0].ErrorCode);
    }

    [Fact]
    public async Task Fetch_StaleLeaderEpoch_IsFencedLeaderEpoch()
    {
        var s = _cluster.GetPartition("t", 0);
        _cluster.Faults.MoveLeader("t", 0, s.Isr.First(b => b != s.Leader));
        await using var client = await ConnectToLeaderAsync();

        var response = await client.RoundTripAsync(ApiKey.Fetch, 12, FetchOf("t", 0, currentLeaderEpoch: 0), Decode.Fetch);

        Assert.Equal((short)ErrorCode.FencedLeaderEpoch, response.Responses[0].Partitions[0].ErrorCode);
    }

    [Fact]
    public async Task Fetch_LongPoll_WakesWhenDataArrives()
    {
        await using var consumer = await ConnectToLeaderAsync();
        await using var producer = await ConnectToLeaderAsync();

        var correlation = await consumer.SendAsync(ApiKey.Fetch, 12, FetchOf("t", 0, maxWaitMs: 60_000, minBytes: 1));
        await producer.RoundTripAsync(ApiKey.Produce, 9, ProduceOf("t", TestBatches.Create(records: 2), acks: 1), Decode.Produce);
        var response = await consumer.ReceiveAsync(ApiKey.Fetch, 12, Decode.Fetch, correlation);

        Assert.Equal(2, response.Responses[0].Partitions[0].HighWatermark);
        Assert.True(response.Responses[0].Partitions[0].Records!.Value.Length > 0);
    }

    [Fact]
    public async Task ListOffsets_V7_AnswersEarliestLatestAndLeaderEpoch()
    {
        await using var client = await ConnectToLeaderAsync();
        await client.RoundTripAsync(ApiKey.Produce, 9, ProduceOf("t", TestBatches.Create(records: 4)), Decode.Produce);
        var request = new ListOffsetsRequest
        {
            ReplicaId = -1,
            Topics = [new() { Name = "t", Partitions = [new() { PartitionIndex = 0, Timestamp = -2 }, new() { PartitionIndex = 0, Timestamp = -1 }] }],
        };

        var response = await client.RoundTripAsync(ApiKey.ListOffsets, 7, request, Decode.ListOffsets);

        var partitions = response.Topics.Single().Partitions;
        Assert.Equal([0L, 4L], partitions.Select(p => p.Offset));
        Assert.All(partitions, p => Assert.Equal((0, 0), (p.ErrorCode, p.LeaderEpoch)));
    }
}
