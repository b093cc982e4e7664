using System.Buffers;
using System.Net;
using System.Net.Sockets;
using Brook.Protocol;
using Brook.Protocol.Messages;
using Brook.Protocol.Primitives;
using Brook.TestSupport.Interop;

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

    private async Task<(int Correlation, T Response, int Trailing)> ExchangeAsync<T>(
        ApiKey key, short version, IProtocolMessage body, BodyReader<T> read)
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
        var endpoint = IPEndPoint.Parse(_cluster.BootstrapServers.Split(',')[0]);
        var payload = await MockClusterTests.RawExchangeAsync(endpoint, frame.WrittenSpan.ToArray(), timeout.Token);
        return Decode(payload, key, version, read);
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
