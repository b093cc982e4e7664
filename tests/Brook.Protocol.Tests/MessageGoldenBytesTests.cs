using System.Buffers;
using Brook.Protocol.Messages;

namespace Brook.Protocol.Tests;

/// <summary>
/// Golden bytes: the vectors of protocol.md §2/§5, and frames assembled by hand from the spec layouts
/// (one non-flexible and one flexible version per API), commented field by field.
/// </summary>
public sealed class MessageGoldenBytesTests
{
    private static string Hex(string spaced) => spaced.Replace(" ", string.Empty, StringComparison.Ordinal).ToLowerInvariant();

    private static void AssertBody(IProtocolMessage message, short version, string expectedHex)
    {
        var expected = Hex(expectedHex);
        var bytes = MessageModel.Encode(message, version);
        Assert.Equal(expected, Convert.ToHexStringLower(bytes));
        var spec = MessageModel.Spec(message.GetType().Name);
        var decoded = MessageModel.Decode(spec, bytes, version);
        MessageModel.AssertEqual(spec, message, decoded, version);
    }

    private static string Frame(IProtocolMessage header, short headerVersion, IProtocolMessage body, short bodyVersion)
    {
        var output = new ArrayBufferWriter<byte>();
        MessageWriter.WriteFrame(output, header, headerVersion, body, bodyVersion);
        return Convert.ToHexStringLower(output.WrittenSpan);
    }

    // protocol.md §5 golden bytes.
    [Fact]
    public void ApiVersionsRequestV0_Frame_MatchesProtocolDoc()
    {
        var header = new RequestHeader { RequestApiKey = 18, RequestApiVersion = 0, CorrelationId = 1, ClientId = "brook" };
        var headerVersion = HeaderVersions.Request(ApiKey.ApiVersions, 0);
        Assert.Equal(Hex("00 00 00 0f 00 12 00 00 00 00 00 01 00 05 62 72 6f 6f 6b"), Frame(header, headerVersion, new ApiVersionsRequest(), 0));
    }

    [Fact]
    public void ApiVersionsRequestV3_Frame_MatchesProtocolDoc()
    {
        var header = new RequestHeader { RequestApiKey = 18, RequestApiVersion = 3, CorrelationId = 1, ClientId = "brook" };
        var body = new ApiVersionsRequest { ClientSoftwareName = "brook", ClientSoftwareVersion = "1.0.0" };
        var headerVersion = HeaderVersions.Request(ApiKey.ApiVersions, 3);
        Assert.Equal(2, headerVersion);
        Assert.Equal(
            Hex("00 00 00 1d 00 12 00 03 00 00 00 01 00 05 62 72 6f 6f 6b 00 06 62 72 6f 6f 6b 06 31 2e 30 2e 30 00"),
            Frame(header, headerVersion, body, 3));
    }

    [Fact]
    public void ApiVersionsV5Fallback_Frame_MatchesProtocolDoc()
    {
        var body = new ApiVersionsResponse { ErrorCode = 35, ApiKeys = [new() { ApiKey = 18, MinVersion = 0, MaxVersion = 4 }] };
        Assert.Equal(
            Hex("00 00 00 10 00 00 00 01 00 23 00 00 00 01 00 12 00 00 00 04"),
            Frame(new ResponseHeader { CorrelationId = 1 }, HeaderVersions.Response(ApiKey.ApiVersions, 4), body, 0));
    }

    [Theory]
    [InlineData(1, "c", "0000 0003 00000007 0001 63")] // key 0, version 3, correlation 7, int16-length client id
    [InlineData(2, "c", "0000 0003 00000007 0001 63 00")] // v2: client id keeps int16 length, then empty TAG_BUFFER
    [InlineData(2, null, "0000 0003 00000007 ffff 00")] // null client id
    [InlineData(0, "ignored", "0000 0003 00000007")] // v0 has no client id (ignorable, dropped)
    public void RequestHeader_MatchesSpecLayout(short version, string? clientId, string hex) =>
        AssertBody(new RequestHeader { RequestApiKey = 0, RequestApiVersion = 3, CorrelationId = 7, ClientId = clientId }, version, hex);

    [Theory]
    [InlineData(0, "00000007")]
    [InlineData(1, "00000007 00")]
    public void ResponseHeader_MatchesSpecLayout(short version, string hex) =>
        AssertBody(new ResponseHeader { CorrelationId = 7 }, version, hex);

    [Fact]
    public void ApiVersionsResponseV2_MatchesSpecLayout() => AssertBody(
        new ApiVersionsResponse { ApiKeys = [new() { ApiKey = 18, MinVersion = 0, MaxVersion = 4 }] },
        2,
        "0000" // ErrorCode
        + "00000001 0012 0000 0004" // ApiKeys: int32 count 1, {ApiKey 18, Min 0, Max 4}
        + "00000000"); // ThrottleTimeMs

    [Fact]
    public void ApiVersionsResponseV3_MatchesSpecLayout() => AssertBody(
        new ApiVersionsResponse { ApiKeys = [new() { ApiKey = 18, MinVersion = 0, MaxVersion = 4 }], FinalizedFeaturesEpoch = 7 },
        3,
        "0000" // ErrorCode
        + "02 0012 0000 0004 00" // ApiKeys: compact count 1+1, entry, entry TAG_BUFFER
        + "00000000" // ThrottleTimeMs
        + "01 01 08 0000000000000007"); // TAG_BUFFER: 1 field, tag 1 (FinalizedFeaturesEpoch), size 8, value

    [Fact]
    public void ProduceRequestV3_MatchesSpecLayout() => AssertBody(
        new ProduceRequest
        {
            Acks = -1,
            TimeoutMs = 30000,
            TopicData = [new() { Name = "t", PartitionData = [new() { Index = 0, Records = new byte[] { 1, 2, 3 } }] }],
        },
        3,
        "ffff" // TransactionalId: NULLABLE_STRING null
        + "ffff" // Acks -1
        + "00007530" // TimeoutMs 30000
        + "00000001" // TopicData count 1
        + "0001 74" // Name "t"
        + "00000001" // PartitionData count 1
        + "00000000" // Index 0
        + "00000003 010203"); // Records: NULLABLE_BYTES length 3

    [Fact]
    public void ProduceRequestV9_MatchesSpecLayout() => AssertBody(
        new ProduceRequest
        {
            Acks = -1,
            TimeoutMs = 30000,
            TopicData = [new() { Name = "t", PartitionData = [new() { Index = 0, Records = new byte[] { 1, 2, 3 } }] }],
        },
        9,
        "00" // TransactionalId: COMPACT_NULLABLE_STRING null
        + "ffff" // Acks
        + "00007530" // TimeoutMs
        + "02" // TopicData compact count 1+1
        + "02 74" // Name: COMPACT_STRING "t"
        + "02" // PartitionData compact count
        + "00000000" // Index
        + "04 010203" // Records: COMPACT_NULLABLE_BYTES 3+1
        + "00" // partition TAG_BUFFER
        + "00" // topic TAG_BUFFER
        + "00"); // body TAG_BUFFER

    [Fact]
    public void ProduceResponseV2_MatchesSpecLayout() => AssertBody(
        new ProduceResponse
        {
            Responses = [new() { Name = "t", PartitionResponses = [new() { Index = 1, BaseOffset = 42 }] }],
            ThrottleTimeMs = 7,
        },
        2,
        "00000001 0001 74" // Responses count 1, Name "t"
        + "00000001" // PartitionResponses count 1
        + "00000001 0000" // Index 1, ErrorCode 0
        + "000000000000002a" // BaseOffset 42
        + "ffffffffffffffff" // LogAppendTimeMs -1 (v2+)
        + "00000007"); // ThrottleTimeMs (after Responses)

    [Fact]
    public void ProduceResponseV10_WithKip951Tags_MatchesSpecLayout() => AssertBody(
        new ProduceResponse
        {
            Responses =
            [
                new()
                {
                    Name = "t",
                    PartitionResponses =
                    [
                        new() { Index = 0, ErrorCode = 6, BaseOffset = -1, CurrentLeader = new() { LeaderId = 2, LeaderEpoch = 5 } },
                    ],
                },
            ],
            NodeEndpoints = [new() { NodeId = 2, Host = "h", Port = 9092 }],
        },
        10,
        "02 02 74" // Responses compact count, Name "t"
        + "02" // PartitionResponses compact count
        + "00000000 0006" // Index 0, ErrorCode 6 NOT_LEADER_OR_FOLLOWER
        + "ffffffffffffffff ffffffffffffffff ffffffffffffffff" // BaseOffset, LogAppendTimeMs, LogStartOffset
        + "01" // RecordErrors: empty compact array
        + "00" // ErrorMessage: null
        + "01 00 09 00000002 00000005 00" // partition TAG_BUFFER: tag 0 CurrentLeader, 9 bytes {LeaderId 2, LeaderEpoch 5, TAG_BUFFER}
        + "00" // topic TAG_BUFFER
        + "00000000" // ThrottleTimeMs
        + "01 00 0d 02 00000002 02 68 00002384 00 00"); // body TAG_BUFFER: tag 0 NodeEndpoints, 13 bytes: [{2, "h", 9092, Rack null, TAG_BUFFER}]

    [Fact]
    public void FetchRequestV4_MatchesSpecLayout() => AssertBody(
        new FetchRequest
        {
            MaxWaitMs = 500,
            MinBytes = 1,
            MaxBytes = 52428800,
            IsolationLevel = 1,
            Topics = [new() { Topic = "t", Partitions = [new() { Partition = 0, FetchOffset = 10, PartitionMaxBytes = 1048576 }] }],
        },
        4,
        "ffffffff" // ReplicaId -1 (default)
        + "000001f4" // MaxWaitMs 500
        + "00000001" // MinBytes 1
        + "03200000" // MaxBytes 50 MiB
        + "01" // IsolationLevel read_committed
        + "00000001 0001 74" // Topics count 1, Topic "t"
        + "00000001 00000000" // Partitions count 1, Partition 0
        + "000000000000000a" // FetchOffset 10
        + "00100000"); // PartitionMaxBytes 1 MiB

    [Fact]
    public void FetchRequestV12_MatchesSpecLayout() => AssertBody(
        new FetchRequest
        {
            ClusterId = "c",
            MaxWaitMs = 500,
            MinBytes = 1,
            Topics = [new() { Topic = "t", Partitions = [new() { Partition = 0, CurrentLeaderEpoch = 3, FetchOffset = 10, PartitionMaxBytes = 1048576 }] }],
        },
        12,
        "ffffffff 000001f4 00000001" // ReplicaId, MaxWaitMs, MinBytes
        + "7fffffff" // MaxBytes default 0x7fffffff
        + "00" // IsolationLevel
        + "00000000 ffffffff" // SessionId 0, SessionEpoch -1
        + "02 02 74" // Topics compact count, Topic "t"
        + "02 00000000" // Partitions compact count, Partition 0
        + "00000003" // CurrentLeaderEpoch 3
        + "000000000000000a" // FetchOffset
        + "ffffffff" // LastFetchedEpoch -1
        + "ffffffffffffffff" // LogStartOffset -1
        + "00100000 00" // PartitionMaxBytes, partition TAG_BUFFER
        + "00" // topic TAG_BUFFER
        + "01" // ForgottenTopicsData: empty compact array
        + "01" // RackId: COMPACT_STRING ""
        + "01 00 02 02 63"); // body TAG_BUFFER: tag 0 ClusterId, 2 bytes: COMPACT_NULLABLE_STRING "c"

    [Fact]
    public void FetchResponseV4_MatchesSpecLayout() => AssertBody(
        new FetchResponse
        {
            Responses =
            [
                new()
                {
                    Topic = "t",
                    Partitions = [new() { HighWatermark = 5, LastStableOffset = 5, AbortedTransactions = null, Records = new byte[] { 0xaa, 0xbb, 0xcc } }],
                },
            ],
        },
        4,
        "00000000" // ThrottleTimeMs
        + "00000001 0001 74" // Responses count 1, Topic "t"
        + "00000001 00000000 0000" // Partitions count 1, PartitionIndex 0, ErrorCode 0
        + "0000000000000005 0000000000000005" // HighWatermark 5, LastStableOffset 5
        + "ffffffff" // AbortedTransactions: null ARRAY
        + "00000003 aabbcc"); // Records

    [Fact]
    public void FetchResponseV12_MatchesSpecLayout() => AssertBody(
        new FetchResponse
        {
            Responses =
            [
                new()
                {
                    Topic = "t",
                    Partitions =
                    [
                        new()
                        {
                            HighWatermark = 5,
                            LastStableOffset = 5,
                            LogStartOffset = 0,
                            AbortedTransactions = [new() { ProducerId = 1000, FirstOffset = 2 }],
                            CurrentLeader = new() { LeaderId = 1, LeaderEpoch = 2 },
                        },
                    ],
                },
            ],
        },
        12,
        "00000000 0000 00000000" // ThrottleTimeMs, ErrorCode, SessionId
        + "02 02 74" // Responses compact count, Topic "t"
        + "02 00000000 0000" // Partitions compact count, PartitionIndex, ErrorCode
        + "0000000000000005 0000000000000005 0000000000000000" // HighWatermark, LastStableOffset, LogStartOffset
        + "02 00000000000003e8 0000000000000002 00" // AbortedTransactions: [{ProducerId 1000, FirstOffset 2, TAG_BUFFER}]
        + "ffffffff" // PreferredReadReplica -1
        + "00" // Records: COMPACT_NULLABLE_BYTES null
        + "01 01 09 00000001 00000002 00" // partition TAG_BUFFER: tag 1 CurrentLeader {1, 2}
        + "00 00"); // topic TAG_BUFFER, body TAG_BUFFER

    [Fact]
    public void MetadataRequestV4_MatchesSpecLayout() => AssertBody(
        new MetadataRequest { Topics = [new() { Name = "t" }], AllowAutoTopicCreation = false },
        4,
        "00000001 0001 74" // Topics count 1, Name "t"
        + "00"); // AllowAutoTopicCreation false

    [Fact]
    public void MetadataRequestV9_MatchesSpecLayout() => AssertBody(
        new MetadataRequest { Topics = [new() { Name = "t" }] },
        9,
        "02 02 74 00" // Topics compact count, Name "t", topic TAG_BUFFER
        + "01" // AllowAutoTopicCreation true (default)
        + "00 00" // IncludeClusterAuthorizedOperations, IncludeTopicAuthorizedOperations
        + "00"); // body TAG_BUFFER

    [Fact]
    public void MetadataResponseV1_MatchesSpecLayout() => AssertBody(
        new MetadataResponse
        {
            Brokers = [new() { NodeId = 1, Host = "h", Port = 9092 }],
            ControllerId = 1,
            Topics = [new() { Name = "t", Partitions = [new() { LeaderId = 1, ReplicaNodes = [1], IsrNodes = [1] }] }],
        },
        1,
        "00000001 00000001 0001 68 00002384 ffff" // Brokers: [{NodeId 1, Host "h", Port 9092, Rack null}]
        + "00000001" // ControllerId 1
        + "00000001 0000 0001 74 00" // Topics count 1: ErrorCode, Name "t", IsInternal false
        + "00000001 0000 00000000 00000001" // Partitions count 1: ErrorCode, PartitionIndex 0, LeaderId 1
        + "00000001 00000001 00000001 00000001"); // ReplicaNodes [1], IsrNodes [1]

    [Fact]
    public void MetadataResponseV9_MatchesSpecLayout() => AssertBody(
        new MetadataResponse
        {
            Brokers = [new() { NodeId = 1, Host = "h", Port = 9092 }],
            ClusterId = "c",
            ControllerId = 1,
            Topics = [new() { Name = "t", Partitions = [new() { LeaderId = 1, LeaderEpoch = 0, ReplicaNodes = [1], IsrNodes = [1] }] }],
        },
        9,
        "00000000" // ThrottleTimeMs
        + "02 00000001 02 68 00002384 00 00" // Brokers: [{1, "h", 9092, Rack null, TAG_BUFFER}]
        + "02 63" // ClusterId "c"
        + "00000001" // ControllerId
        + "02 0000 02 74 00" // Topics compact count: ErrorCode, Name "t", IsInternal false
        + "02 0000 00000000 00000001 00000000" // Partitions: ErrorCode, PartitionIndex, LeaderId 1, LeaderEpoch 0
        + "02 00000001 02 00000001 01 00" // ReplicaNodes [1], IsrNodes [1], OfflineReplicas [], partition TAG_BUFFER
        + "80000000 00" // TopicAuthorizedOperations INT32_MIN, topic TAG_BUFFER
        + "80000000" // ClusterAuthorizedOperations INT32_MIN (v8-10)
        + "00"); // body TAG_BUFFER

    [Fact]
    public void InitProducerIdRequestV1_MatchesSpecLayout() => AssertBody(
        new InitProducerIdRequest { TransactionalId = null, TransactionTimeoutMs = 60000 },
        1,
        "ffff" // TransactionalId null
        + "0000ea60"); // TransactionTimeoutMs 60000

    [Fact]
    public void InitProducerIdRequestV3_MatchesSpecLayout() => AssertBody(
        new InitProducerIdRequest { TransactionalId = "x", TransactionTimeoutMs = 60000, ProducerId = 5, ProducerEpoch = 1 },
        3,
        "02 78" // TransactionalId COMPACT_NULLABLE_STRING "x"
        + "0000ea60" // TransactionTimeoutMs
        + "0000000000000005 0001" // ProducerId 5, ProducerEpoch 1 (v3+)
        + "00"); // TAG_BUFFER

    [Fact]
    public void InitProducerIdResponseV1_MatchesSpecLayout() => AssertBody(
        new InitProducerIdResponse { ProducerId = 1000 },
        1,
        "00000000 0000 00000000000003e8 0000"); // ThrottleTimeMs, ErrorCode, ProducerId 1000, ProducerEpoch 0

    [Fact]
    public void InitProducerIdResponseV2_MatchesSpecLayout() => AssertBody(
        new InitProducerIdResponse { ProducerId = 1000 },
        2,
        "00000000 0000 00000000000003e8 0000 00"); // same fields, then TAG_BUFFER
}
