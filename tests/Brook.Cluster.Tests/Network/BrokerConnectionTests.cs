using System.Buffers;
using System.Buffers.Binary;
using Brook.Protocol;
using Brook.Protocol.Messages;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Brook.Cluster.Tests.Network;

/// <summary>The per-connection receive loop over real loopback sockets: framing, ordering, coalesced answers, hostile sizes.</summary>
public sealed class BrokerConnectionTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000));
    private readonly CapturingLoggerFactory _logs = new();
    private EmbeddedCluster _cluster = null!;

    public async ValueTask InitializeAsync()
    {
        _cluster = await EmbeddedCluster.StartAsync(new EmbeddedClusterOptions { TimeProvider = _time, LoggerFactory = _logs });
        _cluster.CreateTopic("t", partitions: 1);
    }

    public async ValueTask DisposeAsync() => await _cluster.DisposeAsync();

    private int PortOf(int broker) => int.Parse(_cluster.BootstrapServers.Split(',')[broker].Split(':')[1], System.Globalization.CultureInfo.InvariantCulture);

    private static byte[] Frame(ApiKey key, short version, IProtocolMessage body, int correlation)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var header = new RequestHeader { RequestApiKey = (short)key, RequestApiVersion = version, CorrelationId = correlation, ClientId = "test" };
        MessageWriter.WriteFrame(buffer, header, HeaderVersions.Request(key, version), body, version);
        return buffer.WrittenSpan.ToArray();
    }

    private static byte[] MetadataFrame(int correlation) => Frame(ApiKey.Metadata, 12, new MetadataRequest { Topics = null }, correlation);

    private static byte[] ApiVersionsFrame(int correlation) =>
        Frame(ApiKey.ApiVersions, 3, new ApiVersionsRequest { ClientSoftwareName = "brook", ClientSoftwareVersion = "1.0.0" }, correlation);

    private static async Task<int> ReadCorrelationAsync(TestKafkaClient client, ApiKey key, short version)
    {
        var frame = await client.ReadFrameAsync() ?? throw new InvalidOperationException("the broker closed the connection");
        return TestKafkaClient.SplitHeader(frame, HeaderVersions.Response(key, version)).Correlation;
    }

    [Fact]
    public async Task Requests_WrittenOneByteAtATime_AreAnsweredWholeAndInOrder()
    {
        await using var client = await TestKafkaClient.ConnectAsync(PortOf(0));
        byte[] bytes = [.. ApiVersionsFrame(1), .. MetadataFrame(2)];

        foreach (var b in bytes)
        {
            await client.SendRawAsync(new[] { b });
        }

        Assert.Equal(1, await ReadCorrelationAsync(client, ApiKey.ApiVersions, 3));
        Assert.Equal(2, await ReadCorrelationAsync(client, ApiKey.Metadata, 12));
    }

    [Fact]
    public async Task ManyRequestsInOneWrite_AreAllAnsweredInRequestOrder()
    {
        await using var client = await TestKafkaClient.ConnectAsync(PortOf(0));
        var bytes = Enumerable.Range(1, 100).SelectMany(c => c % 2 == 0 ? MetadataFrame(c) : ApiVersionsFrame(c)).ToArray();

        await client.SendRawAsync(bytes);

        for (var c = 1; c <= 100; c++)
        {
            Assert.Equal(c, await ReadCorrelationAsync(client, c % 2 == 0 ? ApiKey.Metadata : ApiKey.ApiVersions, c % 2 == 0 ? (short)12 : (short)3));
        }
    }

    [Fact]
    public async Task RequestLargerThanTheReceiveBuffer_IsServed()
    {
        await using var client = await TestKafkaClient.ConnectAsync(PortOf(_cluster.GetPartition("t", 0).Leader));
        var request = new ProduceRequest
        {
            Acks = 1,
            TimeoutMs = 5000,
            TopicData = [new ProduceRequest.TopicProduceData { Name = "t", PartitionData = [new ProduceRequest.PartitionProduceData { Index = 0, Records = TestBatches.Create(records: 400, valueSize: 1000) }] }],
        };
        var frame = Frame(ApiKey.Produce, 9, request, 7);
        Assert.True(frame.Length > Brook.Cluster.Network.BrokerConnection.ReceiveBufferSize);

        await client.SendRawAsync(frame);
        await client.SendRawAsync(MetadataFrame(8));

        Assert.Equal(7, await ReadCorrelationAsync(client, ApiKey.Produce, 9));
        Assert.Equal(8, await ReadCorrelationAsync(client, ApiKey.Metadata, 12));
        Assert.Equal(400, _cluster.GetPartition("t", 0).LogEndOffset);
    }

    [Theory]
    [InlineData(104_857_601)]
    [InlineData(int.MaxValue)]
    [InlineData(-5)]
    public async Task ForgedLength_ClosesOnlyThatConnectionWithALoggedReason(int size)
    {
        await using var bystander = await TestKafkaClient.ConnectAsync(PortOf(0));
        await using var hostile = await TestKafkaClient.ConnectAsync(PortOf(0));
        var forged = new byte[12];
        BinaryPrimitives.WriteInt32BigEndian(forged, size);

        await hostile.SendRawAsync(forged);

        Assert.True(await hostile.IsClosedAsync());
        var metadata = await bystander.RoundTripAsync(ApiKey.Metadata, 12, new MetadataRequest { Topics = null }, Decode.Metadata);
        Assert.Equal(3, metadata.Brokers.Count);
        Assert.Contains(_logs.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains($"Frame size {size} is outside", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ParkedAcksAllBetweenImmediateRequests_AnswersLeaveInRequestOrder()
    {
        var partition = _cluster.GetPartition("t", 0);
        var followers = partition.Replicas.Select(r => r.BrokerId).Where(b => b != partition.Leader).ToArray();
        foreach (var f in followers)
        {
            _cluster.Faults.SetFollowerPaused("t", 0, f, paused: true);
        }

        await using var client = await TestKafkaClient.ConnectAsync(PortOf(partition.Leader));
        var produce = new ProduceRequest
        {
            Acks = -1,
            TimeoutMs = 60_000,
            TopicData = [new ProduceRequest.TopicProduceData { Name = "t", PartitionData = [new ProduceRequest.PartitionProduceData { Index = 0, Records = TestBatches.Create(records: 2) }] }],
        };
        byte[] bytes = [.. MetadataFrame(1), .. Frame(ApiKey.Produce, 9, produce, 2), .. MetadataFrame(3)];

        await client.SendRawAsync(bytes);

        Assert.Equal(1, await ReadCorrelationAsync(client, ApiKey.Metadata, 12));
        await WaitUntilAsync(() => _cluster.GetPartition("t", 0).LogEndOffset == 2);
        Assert.DoesNotContain(_cluster.RequestHistory, r => r.CorrelationId == 3);
        foreach (var f in followers)
        {
            _cluster.Faults.SetFollowerPaused("t", 0, f, paused: false);
        }

        _time.Advance(TimeSpan.FromMilliseconds(EmbeddedCluster.TickIntervalMs));

        var frame = await client.ReadFrameAsync() ?? throw new InvalidOperationException("the broker closed the connection");
        var (correlation, body) = TestKafkaClient.SplitHeader(frame, HeaderVersions.Response(ApiKey.Produce, 9));
        Assert.Equal(2, correlation);
        Assert.Equal(0, Decode.Produce(body, 9).Responses[0].PartitionResponses[0].ErrorCode);
        Assert.Equal(3, await ReadCorrelationAsync(client, ApiKey.Metadata, 12));
    }

    [Fact]
    public async Task Dispose_WithAConnectionParkedOnAnAcksAllProduce_EndsItsThreadPromptly()
    {
        var partition = _cluster.GetPartition("t", 0);
        foreach (var f in partition.Replicas.Select(r => r.BrokerId).Where(b => b != partition.Leader))
        {
            _cluster.Faults.SetFollowerPaused("t", 0, f, paused: true);
        }

        await using var client = await TestKafkaClient.ConnectAsync(PortOf(partition.Leader));
        var produce = new ProduceRequest
        {
            Acks = -1,
            TimeoutMs = 600_000,
            TopicData = [new ProduceRequest.TopicProduceData { Name = "t", PartitionData = [new ProduceRequest.PartitionProduceData { Index = 0, Records = TestBatches.Create() }] }],
        };
        await client.SendAsync(ApiKey.Produce, 9, produce);
        await WaitUntilAsync(() => _cluster.GetPartition("t", 0).LogEndOffset == 1);

        var dispose = _cluster.DisposeAsync().AsTask();

        Assert.Same(dispose, await Task.WhenAny(dispose, Task.Delay(TimeSpan.FromSeconds(4), TestContext.Current.CancellationToken)));
        Assert.True(await client.IsClosedAsync());
    }

    /// <summary>Polls a condition the broker's thread makes true; bounded at 10 s.</summary>
    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!condition())
        {
            await Task.Delay(5, bound.Token);
        }
    }
}
