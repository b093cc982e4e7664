using System.Buffers.Binary;
using Brook.TestSupport.Interop;
using Brook.TestSupport.Verification;
using Confluent.Kafka;

namespace Brook.IntegrationTests.Interop;

/// <summary>
/// Pins down where librdkafka 2.16's mock cluster departs from Kafka (docs/design/peers.md), so a Brook test that
/// runs against the mock does not mistake them for Brook bugs, and so a librdkafka upgrade that changes one shows up.
/// </summary>
public sealed class MockClusterDeviationTests
{
    [Theory]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public async Task ApiVersionsV3Plus_GetsAnErrorAnswerThatParsesNeitherAsV3NorAsV0(byte version)
    {
        using var cluster = MockCluster.Start(1);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));

        // protocol.md §5 golden v3 request (correlation 1, client "brook", software "brook" / "1.0.0"), version patched.
        byte[] request = [0x00, 0x00, 0x00, 0x1d, 0x00, 0x12, 0x00, version, 0x00, 0x00, 0x00, 0x01, 0x00, 0x05, 0x62, 0x72, 0x6f, 0x6f, 0x6b,
            0x00, 0x06, 0x62, 0x72, 0x6f, 0x6f, 0x6b, 0x06, 0x31, 0x2e, 0x30, 0x2e, 0x30, 0x00];
        var response = await MockClusterTests.RawExchangeAsync(MockClusterTests.Endpoints(cluster)[0], request, timeout.Token);

        // Header v0: correlation 1. Body: UNSUPPORTED_VERSION (35), then the count of the one entry written raw (1)
        // instead of as a compact count (N+1 = 2), the ApiVersions entry 18: 0..2 without its tag buffer, throttle 0,
        // and no closing tag buffer. A valid v3 body would be 0023 02 0012 0000 0002 00 00000000 00; Kafka itself
        // answers with a v0 body (0023 00000001 0012 0000 0004).
        Assert.Equal("00000001" + "0023" + "01" + "001200000002" + "00000000", Convert.ToHexString(response));

        // As v0, the int32 array count would be 0x01001200 entries: the error code at offset 4 is the only safe read.
        Assert.Equal(35, BinaryPrimitives.ReadInt16BigEndian(response.AsSpan(4)));
        Assert.Equal(0x01001200, BinaryPrimitives.ReadInt32BigEndian(response.AsSpan(6)));
    }

    [Fact]
    public async Task ApiVersionsV2_AdvertisesTheRangesPeersMdLists()
    {
        using var cluster = MockCluster.Start(1);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        byte[] request = [0x00, 0x00, 0x00, 0x0f, 0x00, 0x12, 0x00, 0x02, 0x00, 0x00, 0x00, 0x07, 0x00, 0x05, 0x62, 0x72, 0x6f, 0x6f, 0x6b];

        var response = await MockClusterTests.RawExchangeAsync(MockClusterTests.Endpoints(cluster)[0], request, timeout.Token);

        Assert.Equal(7, BinaryPrimitives.ReadInt32BigEndian(response));
        Assert.Equal(0, BinaryPrimitives.ReadInt16BigEndian(response.AsSpan(4)));
        var count = BinaryPrimitives.ReadInt32BigEndian(response.AsSpan(6));
        Assert.Equal(4 + 2 + 4 + (count * 6) + 4, response.Length);
        var ranges = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var entry = response.AsSpan(10 + (i * 6));
            ranges.Add($"{BinaryPrimitives.ReadInt16BigEndian(entry)}:{BinaryPrimitives.ReadInt16BigEndian(entry[2..])}-{BinaryPrimitives.ReadInt16BigEndian(entry[4..])}");
        }

        // Produce, Fetch, ListOffsets, Metadata, OffsetCommit, OffsetFetch, FindCoordinator, JoinGroup, Heartbeat,
        // LeaveGroup, SyncGroup, ApiVersions, InitProducerId, OffsetForLeaderEpoch (v2 only), AddPartitionsToTxn,
        // AddOffsetsToTxn, EndTxn, TxnOffsetCommit, ConsumerGroupHeartbeat, GetTelemetrySubscriptions, PushTelemetry,
        // ShareGroupHeartbeat, ShareFetch, ShareAcknowledge. No CreateTopics, DeleteTopics, DescribeConfigs.
        Assert.Equal(
            ["0:0-10", "1:0-16", "2:0-7", "3:0-13", "8:0-9", "9:0-6", "10:0-3", "11:0-6", "12:0-5", "13:0-4", "14:0-4",
             "18:0-2", "22:0-4", "23:2-2", "24:0-1", "25:0-1", "26:0-1", "28:0-3", "68:1-1", "71:0-0", "72:0-0",
             "76:1-1", "78:1-1", "79:1-1"],
            ranges);
    }

    [Theory]
    [InlineData(new byte[] { 0x00, 0x00, 0x00, 0x0f, 0x00, 0xc8, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0x00, 0x05, 0x62, 0x72, 0x6f, 0x6f, 0x6b })]
    [InlineData(new byte[] { 0x00, 0x00, 0x00, 0x11, 0x00, 0x03, 0x00, 0x14, 0x00, 0x00, 0x00, 0x04, 0x00, 0x05, 0x62, 0x72, 0x6f, 0x6f, 0x6b, 0x00, 0x00 })]
    public async Task UnknownApiKeyOrVersion_ClosesTheConnectionLikeKafka(byte[] request)
    {
        // API key 200 v0, and Metadata v20 (above the advertised 13): Kafka closes without answering (protocol.md §6).
        using var cluster = MockCluster.Start(1);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));

        var error = await Record.ExceptionAsync(() =>
            MockClusterTests.RawExchangeAsync(MockClusterTests.Endpoints(cluster)[0], request, timeout.Token));

        Assert.True(error is IOException or System.Net.Sockets.SocketException, $"expected a closed connection, got {error}");
    }

    [Fact]
    public async Task MetadataV1_ReportsControllerZeroUntilSet()
    {
        using var cluster = MockCluster.Start(2);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));

        Assert.Equal(0, await ControllerIdAsync(cluster, timeout.Token));

        cluster.SetControllerId(2);
        Assert.Equal(2, await ControllerIdAsync(cluster, timeout.Token));
    }

    [Fact]
    public async Task ProduceWithAcksZero_IsAnsweredAnyway()
    {
        using var cluster = MockCluster.Start(1);
        cluster.CreateTopic("z", 1, 1);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        using var socket = new System.Net.Sockets.Socket(
            System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
        await socket.ConnectAsync(MockClusterTests.Endpoints(cluster)[0], timeout.Token);

        // Kafka sends nothing back for acks=0 (protocol.md §1), so the next frame would answer the ApiVersions.
        await socket.SendAsync(RawRequests.ProduceV3('z', acks: 0, correlationId: 11), timeout.Token);
        await socket.SendAsync(RawRequests.ApiVersionsV0(correlationId: 12), timeout.Token);
        var first = await MockClusterTests.ReceiveFrameAsync(socket, timeout.Token);
        var second = await MockClusterTests.ReceiveFrameAsync(socket, timeout.Token);

        // The mock answers the acks=0 Produce: correlation 11, topic "z", partition 0, NONE, base offset 0,
        // LogAppendTime 1234, throttle 0. A client that expects no answer then sees an unknown correlation id.
        Assert.Equal("0000000B" + "00000001" + "00017A" + "00000001" + "00000000" + "0000" + "0000000000000000" + "00000000000004D2" + "00000000",
            Convert.ToHexString(first));
        Assert.Equal(12, BinaryPrimitives.ReadInt32BigEndian(second));
    }

    [Fact]
    public async Task Produce_OnCreateTimeTopic_AnswersLogAppendTime1234()
    {
        using var cluster = MockCluster.Start(1);
        cluster.CreateTopic("create-time", 1, 1);
        using var producer = ConfluentPeers.BuildProducer(ConfluentPeers.ProducerConfig(cluster.BootstrapServers, Acks.Leader));

        var result = await producer.ProduceAsync(
            "create-time", ConfluentPeers.ToMessage(new RecordLedger().Next("a")), TestContext.Current.CancellationToken);

        // Kafka answers LogAppendTime -1 on a CreateTime topic, and the client keeps the record's CreateTime.
        Assert.Equal(TimestampType.LogAppendTime, result.Timestamp.Type);
        Assert.Equal(1234, result.Timestamp.UnixTimestampMs);
        Assert.Equal(0, result.Offset.Value);
    }

    private static async Task<int> ControllerIdAsync(MockCluster cluster, CancellationToken ct)
    {
        // Metadata v1, correlation 2, client "brook", Topics = null (all topics).
        byte[] request = [0x00, 0x00, 0x00, 0x13, 0x00, 0x03, 0x00, 0x01, 0x00, 0x00, 0x00, 0x02, 0x00, 0x05, 0x62, 0x72, 0x6f, 0x6f, 0x6b,
            0xff, 0xff, 0xff, 0xff];
        var response = await MockClusterTests.RawExchangeAsync(MockClusterTests.Endpoints(cluster)[0], request, ct);

        // CorrelationId, Brokers [NodeId int32, Host STRING, Port int32, Rack NULLABLE_STRING], ControllerId int32, ...
        Assert.Equal(2, BinaryPrimitives.ReadInt32BigEndian(response));
        var brokers = BinaryPrimitives.ReadInt32BigEndian(response.AsSpan(4));
        Assert.Equal(cluster.BrokerCount, brokers);
        var at = 8;
        for (var i = 0; i < brokers; i++)
        {
            at += 4;
            at += 2 + BinaryPrimitives.ReadInt16BigEndian(response.AsSpan(at));
            at += 4;
            var rack = BinaryPrimitives.ReadInt16BigEndian(response.AsSpan(at));
            at += 2 + Math.Max((short)0, rack);
        }

        return BinaryPrimitives.ReadInt32BigEndian(response.AsSpan(at));
    }
}
