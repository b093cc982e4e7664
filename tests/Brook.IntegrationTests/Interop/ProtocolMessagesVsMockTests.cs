using System.Buffers;
using System.Net;
using System.Net.Sockets;
using Brook.Protocol;
using Brook.Protocol.Messages;
using Brook.Protocol.Primitives;
using Brook.Protocol.Records;
using Brook.TestSupport.Interop;
using Brook.TestSupport.Verification;
using BrookCompression = Brook.Protocol.Compression.CompressionType;

namespace Brook.IntegrationTests.Interop;

/// <summary>
/// Brook.Protocol's generated messages against an implementation someone else wrote: Brook encodes each request,
/// librdkafka's mock cluster answers, Brook decodes the answer and must consume it exactly, for every version both
/// sides support.
/// </summary>
public sealed class ProtocolMessagesVsMockTests(MockClusterFixture fixture) : IClassFixture<MockClusterFixture>
{
    private delegate T BodyReader<out T>(ref ProtocolReader reader, short version);

    private readonly MockCluster _cluster = fixture.Cluster;

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public async Task ApiVersions_EachVersionTheMockSupports_DecodesToItsTable(short version)
    {
        var request = new ApiVersionsRequest { ClientSoftwareName = "brook", ClientSoftwareVersion = "0.1.0" };

        var (correlation, response, trailing) = await ExchangeAsync(ApiKey.ApiVersions, version, request, ApiVersionsResponse.Read);

        Assert.Equal(version + 100, correlation);
        Assert.Equal(0, trailing);
        Assert.Equal(0, response.ErrorCode);
        var produce = Assert.Single(response.ApiKeys, k => k.ApiKey == (short)ApiKey.Produce);
        Assert.Equal((0, 10), (produce.MinVersion, produce.MaxVersion));
    }

    [Fact]
    public async Task ApiVersionsV3_MalformedAnswer_StillYieldsUnsupportedVersionAtV3()
    {
        // peers.md deviation 1: the body is not valid v3, but its ErrorCode sits where every version puts it.
        var request = new ApiVersionsRequest { ClientSoftwareName = "brook", ClientSoftwareVersion = "0.1.0" };

        var (_, response, trailing) = await ExchangeAsync(ApiKey.ApiVersions, 3, request, ApiVersionsResponse.Read);

        Assert.Equal(35, response.ErrorCode);
        Assert.Empty(response.ApiKeys);
        Assert.NotEqual(0, trailing);
    }

    public static TheoryData<short> MetadataVersions() => [.. Enumerable.Range(0, 13).Select(v => (short)v)];

    [Theory]
    [MemberData(nameof(MetadataVersions))]
    public async Task Metadata_EachVersionBothSupport_DescribesBrokersAndTopic(short version)
    {
        var topic = $"meta-v{version}";
        _cluster.CreateTopic(topic, partitions: 3, replicationFactor: 3);
        var request = new MetadataRequest { Topics = [new MetadataRequest.MetadataRequestTopic { Name = topic }], AllowAutoTopicCreation = version < 4 };

        var (_, response, trailing) = await ExchangeAsync(ApiKey.Metadata, version, request, MetadataResponse.Read);

        // peers.md deviation: flexible (v9+) answers end with one extra 0x00 (a second empty tag buffer) after the body.
        Assert.Equal(version >= 9 ? 1 : 0, trailing);
        Assert.Equal([1, 2, 3], response.Brokers.Select(b => b.NodeId).Order());
        Assert.All(response.Brokers, b => Assert.Equal("127.0.0.1", b.Host));
        var described = Assert.Single(response.Topics);
        Assert.Equal(0, described.ErrorCode);
        Assert.Equal(topic, described.Name);
        Assert.Equal([0, 1, 2], described.Partitions.Select(p => p.PartitionIndex).Order());
        Assert.All(described.Partitions, p =>
        {
            Assert.InRange(p.LeaderId, 1, 3);
            Assert.Equal(3, p.ReplicaNodes.Count);
        });
        if (version >= 1)
        {
            Assert.Equal(1, response.ControllerId); // the fixture sets it; the mock's default is 0.
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task FindCoordinator_EachVersionTheMockSupports_NamesABroker(short version)
    {
        var request = new FindCoordinatorRequest { Key = "brook-group", KeyType = 0 };

        var (_, response, trailing) = await ExchangeAsync(ApiKey.FindCoordinator, version, request, FindCoordinatorResponse.Read);

        Assert.Equal(0, trailing);
        Assert.Equal(0, response.ErrorCode);
        Assert.InRange(response.NodeId, 1, 3);
        Assert.Equal("127.0.0.1", response.Host);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public async Task InitProducerId_NonTransactional_EachVersion_GetsAProducerId(short version)
    {
        var request = new InitProducerIdRequest { TransactionalId = null, TransactionTimeoutMs = 60_000 };

        var (_, response, trailing) = await ExchangeAsync(ApiKey.InitProducerId, version, request, InitProducerIdResponse.Read);

        Assert.Equal(0, trailing);
        Assert.Equal(0, response.ErrorCode);
        Assert.True(response.ProducerId >= 0, $"producer id {response.ProducerId}");
        Assert.True(response.ProducerEpoch >= 0, $"producer epoch {response.ProducerEpoch}");
    }

    public static TheoryData<BrookCompression> Codecs() =>
        [BrookCompression.None, BrookCompression.Gzip, BrookCompression.Snappy, BrookCompression.Lz4, BrookCompression.Zstd];

    /// <summary>
    /// Brook's record batch v2 builder and codecs, carried by Brook's Produce v3-v10 (one version per partition),
    /// appended by the mock and read back by librdkafka's consumer: the strongest check that Brook's batches are
    /// byte-compatible with an implementation someone else wrote.
    /// </summary>
    [Theory]
    [MemberData(nameof(Codecs))]
    public async Task Produce_BrookBatchesAtEveryVersion_AreReadBackIntactByConfluent(BrookCompression codec)
    {
        const short lowest = 3;
        const short highest = 10;
        const int perBatch = 40;
        var topic = $"brook-batches-{codec}".ToLowerInvariant();
        var partitions = highest - lowest + 1;
        _cluster.CreateTopic(topic, partitions, replicationFactor: 1);
        for (var p = 0; p < partitions; p++)
        {
            _cluster.SetLeader(topic, p, 1);
        }

        var leader = await LeaderEndpointAsync(brokerId: 1);
        var ledger = new RecordLedger(fillerBytes: 200, keyed: true, headerCount: 2);
        for (var version = lowest; version <= highest; version++)
        {
            var partition = version - lowest;
            using var builder = new RecordBatchBuilder(1 << 20);
            for (var i = 0; i < perBatch; i++)
            {
                var record = ledger.Next($"v{version}");
                RecordHeader[] headers = [.. record.Headers.Select(h => new RecordHeader(h.Key, h.Value))];
                Assert.True(builder.TryAppend(1_700_000_000_000 + i, record.Key, record.Value, headers));
            }

            var request = new ProduceRequest
            {
                TransactionalId = null,
                Acks = -1,
                TimeoutMs = 5_000,
                TopicData =
                [
                    new ProduceRequest.TopicProduceData
                    {
                        Name = topic,
                        PartitionData = [new ProduceRequest.PartitionProduceData { Index = partition, Records = builder.Seal(-1, -1, -1, false, codec) }],
                    },
                ],
            };

            if (version == 5)
            {
                // peers.md deviation: the v5 answer lacks LogStartOffset (5+), i.e. it is a v4 body. Brook's reader must
                // reject it as malformed (not crash), and reading it as v4 must consume it exactly.
                var payload = await SendAsync(ApiKey.Produce, version, request, leader);
                Assert.Throws<ProtocolException>(() => Decode(payload, ApiKey.Produce, 5, ProduceResponse.Read));
                var (_, asV4, v4Trailing) = Decode(payload, ApiKey.Produce, 4, ProduceResponse.Read);
                Assert.Equal(0, v4Trailing);
                Assert.Equal((short)0, Assert.Single(Assert.Single(asV4.Responses).PartitionResponses).ErrorCode);
                continue;
            }

            var (_, response, trailing) = await ExchangeAsync(ApiKey.Produce, version, request, ProduceResponse.Read, leader);

            Assert.Equal(0, trailing);
            var answer = Assert.Single(Assert.Single(response.Responses).PartitionResponses);
            Assert.Equal((partition, (short)0, 0L), (answer.Index, answer.ErrorCode, answer.BaseOffset));
            Assert.Equal(1234, answer.LogAppendTimeMs); // peers.md deviation: Kafka says -1 on a CreateTime topic.
        }

        var read = ConfluentPeers.ConsumeAll(_cluster.BootstrapServers, topic, partitions, ledger, expected: partitions * perBatch);

        var report = ledger.Verify();
        Assert.True(report.IsClean, report.ToString());
        Assert.Equal(partitions * perBatch, read);
    }

    private async Task<IPEndPoint> LeaderEndpointAsync(int brokerId)
    {
        var (_, metadata, _) = await ExchangeAsync(ApiKey.Metadata, 1, new MetadataRequest { Topics = null }, MetadataResponse.Read);
        var broker = Assert.Single(metadata.Brokers, b => b.NodeId == brokerId);
        return new IPEndPoint(IPAddress.Parse(broker.Host), broker.Port);
    }

    [Fact]
    public async Task Metadata_WhileLeaderBrokerIsDown_NamesItLeaderButLeavesItOutOfTheBrokers()
    {
        // peers.md deviation 12: Kafka would elect another leader (or answer LEADER_NOT_AVAILABLE); the mock keeps the
        // down broker as leader with no error but drops it from the broker list. Brook.Producer treats such a leader as
        // unknown and keeps refreshing.
        const string Topic = "leader-down";
        _cluster.CreateTopic(Topic, 1, 3);
        _cluster.SetLeader(Topic, 0, 2);
        var request = new MetadataRequest { Topics = [new MetadataRequest.MetadataRequestTopic { Name = Topic }], AllowAutoTopicCreation = false };
        var endpoint = IPEndPoint.Parse(_cluster.BootstrapServers.Split(',')[0]);
        _cluster.BrokerDown(2);
        MetadataResponse response;
        try
        {
            (_, response, _) = await ExchangeAsync(ApiKey.Metadata, 12, request, MetadataResponse.Read, endpoint);
        }
        finally
        {
            _cluster.BrokerUp(2);
        }

        Assert.DoesNotContain(response.Brokers, b => b.NodeId == 2);
        var partition = Assert.Single(Assert.Single(response.Topics).Partitions);
        Assert.Equal(0, partition.ErrorCode);
        Assert.Equal(2, partition.LeaderId);
    }

    private async Task<(int Correlation, T Response, int Trailing)> ExchangeAsync<T>(
        ApiKey key, short version, IProtocolMessage body, BodyReader<T> read, IPEndPoint? endpoint = null)
    {
        var payload = await SendAsync(key, version, body, endpoint);
        try
        {
            return Decode(payload, key, version, read);
        }
        catch (ProtocolException e)
        {
            throw new ProtocolException($"{key} v{version} answer {Convert.ToHexString(payload)}: {e.Message}");
        }
    }

    private async Task<byte[]> SendAsync(ApiKey key, short version, IProtocolMessage body, IPEndPoint? endpoint)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var header = new RequestHeader
        {
            RequestApiKey = (short)key,
            RequestApiVersion = version,
            CorrelationId = version + 100,
            ClientId = "brook",
        };
        var frame = new ArrayBufferWriter<byte>();
        MessageWriter.WriteFrame(frame, header, HeaderVersions.Request(key, version), body, version);
        endpoint ??= IPEndPoint.Parse(_cluster.BootstrapServers.Split(',')[0]);
        return await MockClusterTests.RawExchangeAsync(endpoint, frame.WrittenSpan.ToArray(), timeout.Token);
    }

    private static (int Correlation, T Response, int Trailing) Decode<T>(byte[] payload, ApiKey key, short version, BodyReader<T> read)
    {
        var reader = new ProtocolReader(payload);
        var responseHeader = ResponseHeader.Read(ref reader, HeaderVersions.Response(key, version));
        var response = read(ref reader, version);
        var trailing = reader.Remaining;
        if (key == ApiKey.Metadata && trailing > 0)
        {
            Assert.All(payload[^trailing..], b => Assert.Equal(0, b));
        }

        return (responseHeader.CorrelationId, response, trailing);
    }
}
