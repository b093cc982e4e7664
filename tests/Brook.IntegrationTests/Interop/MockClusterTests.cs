using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Brook.Protocol;
using Brook.TestSupport.Interop;
using Confluent.Kafka;
using ErrorCode = Confluent.Kafka.ErrorCode;
using BrookErrorCode = Brook.Protocol.Errors.ErrorCode;

namespace Brook.IntegrationTests.Interop;

public sealed class MockClusterTests
{
    private const short ProduceKey = 0;
    private const short ApiVersionsKey = 18;

    [Fact]
    public void Start_ListensOnLoopbackOncePerBroker()
    {
        using var cluster = MockCluster.Start(3);

        var endpoints = Endpoints(cluster);

        Assert.Equal(3, cluster.BrokerCount);
        Assert.Equal(3, endpoints.Length);
        Assert.All(endpoints, e => Assert.Equal(IPAddress.Loopback, e.Address));
        Assert.Equal(3, endpoints.Select(e => e.Port).Distinct().Count());
    }

    [Fact]
    public void Start_WithNoBrokers_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => MockCluster.Start(0));
    }

    [Fact]
    public void BrokerDown_ForUnknownBroker_ThrowsNamingTheCall()
    {
        using var cluster = MockCluster.Start(1);

        var error = Assert.Throws<MockClusterException>(() => cluster.BrokerDown(42));

        Assert.Contains("rd_kafka_mock_broker_set_down(broker: 42)", error.Message, StringComparison.Ordinal);
        Assert.NotEqual(0, error.ErrorCode);
    }

    [Fact]
    public void SetRtt_ForUnknownBroker_ThrowsNamingTheCall()
    {
        using var cluster = MockCluster.Start(1);

        var error = Assert.Throws<MockClusterException>(() => cluster.SetRtt(7, 10));

        Assert.Contains("rd_kafka_mock_broker_set_rtt", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PushBrokerRequestErrors_StacksOneEntryPerPair()
    {
        using var cluster = MockCluster.Start(2);

        cluster.PushBrokerRequestErrors(2, ProduceKey,
            (ErrorCode.NotLeaderForPartition, 0), (ErrorCode.RequestTimedOut, 5), (ErrorCode.NoError, 10));

        Assert.Equal(3, cluster.BrokerErrorStackCount(2, ProduceKey));
        Assert.Equal(0, cluster.BrokerErrorStackCount(1, ProduceKey));
    }

    [Fact]
    public async Task PushRequestErrors_WithBrookErrorCode_IsWhatTheNextProduceAnswers()
    {
        using var cluster = MockCluster.Start(1);
        cluster.CreateTopic("e", 1, 1);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        cluster.PushRequestErrors(ApiKey.Produce, BrookErrorCode.NotLeaderOrFollower);

        var rejected = await RawExchangeAsync(Endpoints(cluster)[0], RawRequests.ProduceV3('e', acks: 1, correlationId: 5), timeout.Token);
        var accepted = await RawExchangeAsync(Endpoints(cluster)[0], RawRequests.ProduceV3('e', acks: 1, correlationId: 6), timeout.Token);

        // Produce v3 response: CorrelationId, [Name, [Index, ErrorCode, ...]]: the error sits at offset 4+4+3+4+4.
        Assert.Equal((short)BrookErrorCode.NotLeaderOrFollower, BinaryPrimitives.ReadInt16BigEndian(rejected.AsSpan(19)));
        Assert.Equal((short)BrookErrorCode.None, BinaryPrimitives.ReadInt16BigEndian(accepted.AsSpan(19)));
    }

    [Fact]
    public async Task PushDisconnects_DropsTheConnectionInsteadOfAnswering()
    {
        using var cluster = MockCluster.Start(1);
        cluster.CreateTopic("d", 1, 1);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        cluster.PushDisconnects(ApiKey.Produce);

        var error = await Record.ExceptionAsync(() =>
            RawExchangeAsync(Endpoints(cluster)[0], RawRequests.ProduceV3('d', acks: 1, correlationId: 5), timeout.Token));

        Assert.True(error is IOException or SocketException, $"expected a dropped connection, got {error}");
    }

    [Fact]
    public void PushBrokerRequestErrors_WithBrookTypes_StacksOnThatBrokerOnly()
    {
        using var cluster = MockCluster.Start(2);

        cluster.PushBrokerRequestErrors(1, ApiKey.Metadata, (BrookErrorCode.None, 50), (BrookErrorCode.LeaderNotAvailable, 0));

        Assert.Equal(2, cluster.BrokerErrorStackCount(1, ApiKey.Metadata));
        Assert.Equal(0, cluster.BrokerErrorStackCount(2, ApiKey.Metadata));
    }

    [Fact]
    public async Task SetApiVersion_ChangesTheAdvertisedRange()
    {
        using var cluster = MockCluster.Start(1);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));

        cluster.SetApiVersion(ApiKey.Produce, 3, 7);
        var response = await RawExchangeAsync(Endpoints(cluster)[0], RawRequests.ApiVersionsV0(1), timeout.Token);

        var count = BinaryPrimitives.ReadInt32BigEndian(response.AsSpan(6));
        var produce = Enumerable.Range(0, count).Select(i => response.AsSpan(10 + (i * 6)).ToArray())
            .Single(e => BinaryPrimitives.ReadInt16BigEndian(e) == (short)ApiKey.Produce);
        Assert.Equal(3, BinaryPrimitives.ReadInt16BigEndian(produce.AsSpan(2)));
        Assert.Equal(7, BinaryPrimitives.ReadInt16BigEndian(produce.AsSpan(4)));
    }

    [Fact]
    public void PushRequestErrors_WithNoErrors_Throws()
    {
        using var cluster = MockCluster.Start(1);

        Assert.Throws<ArgumentException>(() => cluster.PushRequestErrors(ProduceKey));
    }

    [Fact]
    public void Dispose_Twice_IsHarmlessAndLaterCallsThrow()
    {
        var cluster = MockCluster.Start(1);

        cluster.Dispose();
        cluster.Dispose();

        Assert.Throws<ObjectDisposedException>(() => cluster.CreateTopic("late", 1));
    }

    [Fact]
    public async Task ApiVersionsV0_FromProtocolGoldenBytes_GetsV0AnswerFromTheMock()
    {
        using var cluster = MockCluster.Start(1);
        cluster.StartRequestTracking();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));

        // protocol.md §5: ApiVersions v0 request, correlation 1, client id "brook".
        byte[] request = [0x00, 0x00, 0x00, 0x0f, 0x00, 0x12, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x05, 0x62, 0x72, 0x6f, 0x6f, 0x6b];
        var response = await RawExchangeAsync(Endpoints(cluster)[0], request, timeout.Token);

        // Response header v0 (ApiVersions always): CorrelationId. Body v0: ErrorCode, [ApiKey, Min, Max] (int32 count), no throttle.
        Assert.Equal(1, BinaryPrimitives.ReadInt32BigEndian(response));
        Assert.Equal(0, BinaryPrimitives.ReadInt16BigEndian(response.AsSpan(4)));
        var count = BinaryPrimitives.ReadInt32BigEndian(response.AsSpan(6));
        Assert.Equal(4 + 2 + 4 + (count * 6), response.Length);
        var ranges = new Dictionary<short, (short Min, short Max)>();
        for (var i = 0; i < count; i++)
        {
            var entry = response.AsSpan(10 + (i * 6));
            ranges[BinaryPrimitives.ReadInt16BigEndian(entry)] =
                (BinaryPrimitives.ReadInt16BigEndian(entry[2..]), BinaryPrimitives.ReadInt16BigEndian(entry[4..]));
        }

        // testing-with-peers.md: Produce 0-10, ApiVersions 0-2 in librdkafka 2.16's mock.
        Assert.Equal(((short)0, (short)10), ranges[ProduceKey]);
        Assert.Equal(((short)0, (short)2), ranges[ApiVersionsKey]);
        Assert.Contains(cluster.GetRequests(), r => r.ApiKey == ApiVersionsKey && r.BrokerId == 1);
    }

    [Fact]
    public async Task StopRequestTracking_ForgetsRecordedRequestsDespiteTheHeader()
    {
        using var cluster = MockCluster.Start(1);
        cluster.StartRequestTracking();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        byte[] request = [0x00, 0x00, 0x00, 0x0f, 0x00, 0x12, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x05, 0x62, 0x72, 0x6f, 0x6f, 0x6b];
        await RawExchangeAsync(Endpoints(cluster)[0], request, timeout.Token);

        // Reading is not destructive...
        Assert.Single(cluster.GetRequests());
        Assert.Single(cluster.GetRequests());

        // ...but rdkafka_mock.h says stopping "does not clear already tracked requests", and 2.16.0 does clear them.
        cluster.StopRequestTracking();
        Assert.Empty(cluster.GetRequests());
    }

    internal static IPEndPoint[] Endpoints(MockCluster cluster) =>
        [.. cluster.BootstrapServers.Split(',').Select(IPEndPoint.Parse)];

    /// <summary>Sends one framed request and returns the response frame without its size prefix.</summary>
    internal static async Task<byte[]> RawExchangeAsync(IPEndPoint endpoint, byte[] request, CancellationToken ct)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(endpoint, ct);
        await socket.SendAsync(request, SocketFlags.None, ct);
        return await ReceiveFrameAsync(socket, ct);
    }

    /// <summary>Reads one response frame and returns it without its size prefix.</summary>
    internal static async Task<byte[]> ReceiveFrameAsync(Socket socket, CancellationToken ct)
    {
        var size = new byte[4];
        await ReceiveExactlyAsync(socket, size, ct);
        var length = BinaryPrimitives.ReadInt32BigEndian(size);
        Assert.InRange(length, 4, 1 << 20);
        var body = new byte[length];
        await ReceiveExactlyAsync(socket, body, ct);
        return body;
    }

    private static async Task ReceiveExactlyAsync(Socket socket, Memory<byte> buffer, CancellationToken ct)
    {
        while (!buffer.IsEmpty)
        {
            var read = await socket.ReceiveAsync(buffer, SocketFlags.None, ct);
            if (read == 0)
            {
                throw new IOException($"Connection closed with {buffer.Length} bytes of the response still expected.");
            }

            buffer = buffer[read..];
        }
    }
}
