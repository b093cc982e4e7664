using Brook.Protocol.Messages;
using Brook.Protocol.Primitives;

namespace Brook.Protocol.Tests;

/// <summary>
/// Golden bytes for the version changes in Brook's definitions that are easiest to get wrong (protocol guide BNF per
/// version): each case decodes hand-assembled bytes, checks the fields, and re-encodes to the same bytes.
/// </summary>
public sealed class DefinitionWireLayoutTests
{
    private delegate T Reader<out T>(ref ProtocolReader reader, short version);

    [Fact]
    public void FindCoordinatorRequest_V1HasKeyThenKeyType_V4HasKeyTypeThenBatchedKeys()
    {
        // v1: key STRING, key_type INT8.
        var v1 = RoundTrip("000174" + "01", 1, FindCoordinatorRequest.Read);
        Assert.Equal("t", v1.Key);
        Assert.Equal(1, v1.KeyType);

        // v4 (KIP-699): key_type INT8, [coordinator_keys] COMPACT_ARRAY of COMPACT_STRING, TAG_BUFFER.
        var v4 = RoundTrip("01" + "03" + "0261" + "0262" + "00", 4, FindCoordinatorRequest.Read);
        Assert.Equal(1, v4.KeyType);
        Assert.Equal(["a", "b"], v4.CoordinatorKeys);
    }

    [Fact]
    public void FindCoordinatorResponse_V4CarriesOneResultPerKey()
    {
        // throttle_time_ms, [coordinators: key node_id host port error_code error_message TAG_BUFFER], TAG_BUFFER.
        var response = RoundTrip(
            "00000000" + "02" + "0261" + "00000001" + "0268" + "00002384" + "0000" + "00" + "00" + "00",
            4,
            FindCoordinatorResponse.Read);

        var coordinator = Assert.Single(response.Coordinators);
        Assert.Equal("a", coordinator.Key);
        Assert.Equal(1, coordinator.NodeId);
        Assert.Equal("h", coordinator.Host);
        Assert.Equal(9092, coordinator.Port);
        Assert.Null(coordinator.ErrorMessage);
    }

    [Fact]
    public void OffsetFetchResponse_V2PutsTheTopLevelErrorAfterTheTopics()
    {
        // v2: [topics: name [partitions: partition_index committed_offset metadata error_code]] error_code.
        var response = RoundTrip(
            "00000001" + "000174" + "00000001" + "00000000" + "0000000000000005" + "ffff" + "0000" + "000f",
            2,
            OffsetFetchResponse.Read);

        var partition = Assert.Single(Assert.Single(response.Topics).Partitions);
        Assert.Equal(5, partition.CommittedOffset);
        Assert.Null(partition.Metadata);
        Assert.Equal(15, response.ErrorCode);
    }

    [Fact]
    public void OffsetFetchRequest_V8BatchesGroupsWithNullableTopicsThenRequireStable()
    {
        // v8: [groups: group_id [topics] TAG_BUFFER] require_stable TAG_BUFFER; null topics = all partitions.
        var request = RoundTrip("02" + "0267" + "00" + "00" + "01" + "00", 8, OffsetFetchRequest.Read);

        var group = Assert.Single(request.Groups);
        Assert.Equal("g", group.GroupId);
        Assert.Null(group.Topics);
        Assert.True(request.RequireStable);
    }

    [Fact]
    public void JoinGroupResponse_V7HasNullableProtocolTypeAndName()
    {
        // throttle_time_ms error_code generation_id protocol_type protocol_name leader member_id [members] TAG_BUFFER.
        var response = RoundTrip(
            "00000000" + "004f" + "ffffffff" + "00" + "00" + "01" + "026d" + "01" + "00",
            7,
            JoinGroupResponse.Read);

        Assert.Equal((short)Errors.ErrorCode.MemberIdRequired, response.ErrorCode);
        Assert.Null(response.ProtocolType);
        Assert.Null(response.ProtocolName);
        Assert.Equal("m", response.MemberId);
    }

    [Fact]
    public void JoinGroupRequest_V5AddsGroupInstanceIdBeforeProtocolType()
    {
        // group_id session_timeout_ms rebalance_timeout_ms member_id group_instance_id protocol_type [protocols].
        var request = RoundTrip(
            "000167" + "00002710" + "0000ea60" + "0000" + "ffff" + "0008636f6e73756d6572"
            + "00000001" + "000572616e6765" + "00000000",
            5,
            JoinGroupRequest.Read);

        Assert.Null(request.GroupInstanceId);
        Assert.Equal("consumer", request.ProtocolType);
        Assert.Equal("range", Assert.Single(request.Protocols).Name);
    }

    [Fact]
    public void CreateTopicsResponse_V5SendsTopicConfigErrorCodeAsTag0()
    {
        // [topics: name error_code error_message num_partitions replication_factor [configs] TAG_BUFFER{0: int16}].
        var response = RoundTrip(
            "00000000" + "02" + "0274" + "0000" + "00" + "00000003" + "0001" + "00" + "01" + "00" + "02" + "001d" + "00",
            5,
            CreateTopicsResponse.Read);

        var topic = Assert.Single(response.Topics);
        Assert.Equal("t", topic.Name);
        Assert.Equal((short)Errors.ErrorCode.TopicAuthorizationFailed, topic.TopicConfigErrorCode);
        Assert.Equal(3, topic.NumPartitions);
        Assert.Null(topic.Configs);
    }

    [Fact]
    public void OffsetForLeaderEpochResponse_PutsErrorCodeBeforePartition()
    {
        // v2: throttle_time_ms [topics: topic [partitions: error_code partition leader_epoch end_offset]].
        var response = RoundTrip(
            "00000000" + "00000001" + "000174" + "00000001" + "004a" + "00000002" + "00000007" + "0000000000000064",
            2,
            OffsetForLeaderEpochResponse.Read);

        var partition = Assert.Single(Assert.Single(response.Topics).Partitions);
        Assert.Equal((short)Errors.ErrorCode.FencedLeaderEpoch, partition.ErrorCode);
        Assert.Equal(2, partition.Partition);
        Assert.Equal(7, partition.LeaderEpoch);
        Assert.Equal(100, partition.EndOffset);
    }

    [Fact]
    public void ListOffsetsRequest_V4AddsCurrentLeaderEpochBeforeTimestamp()
    {
        // replica_id isolation_level [topics: name [partitions: partition_index current_leader_epoch timestamp]].
        var request = RoundTrip(
            "ffffffff" + "01" + "00000001" + "000174" + "00000001" + "00000000" + "00000003" + "fffffffffffffffe",
            4,
            ListOffsetsRequest.Read);

        Assert.Equal(-1, request.ReplicaId);
        Assert.Equal(1, request.IsolationLevel);
        var partition = Assert.Single(Assert.Single(request.Topics).Partitions);
        Assert.Equal(3, partition.CurrentLeaderEpoch);
        Assert.Equal(-2, partition.Timestamp);
    }

    [Fact]
    public void LeaveGroupRequest_V2HasOneMemberId_V3HasMembers()
    {
        var v2 = RoundTrip("000167" + "00016d", 2, LeaveGroupRequest.Read);
        Assert.Equal("m", v2.MemberId);

        var v3 = RoundTrip("000167" + "00000001" + "00016d" + "ffff", 3, LeaveGroupRequest.Read);
        var member = Assert.Single(v3.Members);
        Assert.Equal("m", member.MemberId);
        Assert.Null(member.GroupInstanceId);
    }

    [Fact]
    public void TxnOffsetCommitRequest_V3AddsGenerationMemberAndInstanceAfterTheEpoch()
    {
        // transactional_id group_id producer_id producer_epoch generation_id member_id group_instance_id [topics].
        var request = RoundTrip(
            "0278" + "0267" + "0000000000000007" + "0001" + "00000004" + "026d" + "00" + "01" + "00",
            3,
            TxnOffsetCommitRequest.Read);

        Assert.Equal(7, request.ProducerId);
        Assert.Equal(4, request.GenerationId);
        Assert.Equal("m", request.MemberId);
        Assert.Null(request.GroupInstanceId);
        Assert.Empty(request.Topics);
    }

    [Fact]
    public void DescribeProducersResponse_CarriesAnInt32ProducerEpoch()
    {
        // throttle [topics: name [partitions: index error_code error_message [active_producers: producer_id
        // producer_epoch(INT32) last_sequence last_timestamp coordinator_epoch current_txn_start_offset]]].
        var response = RoundTrip(
            "00000000" + "02" + "0274" + "02" + "00000000" + "0000" + "00"
            + "02" + "0000000000000009" + "00000002" + "0000000a" + "0000000000000001" + "00000000" + "ffffffffffffffff" + "00"
            + "00" + "00" + "00",
            0,
            DescribeProducersResponse.Read);

        var producer = Assert.Single(Assert.Single(Assert.Single(response.Topics).Partitions).ActiveProducers);
        Assert.Equal(9, producer.ProducerId);
        Assert.Equal(2, producer.ProducerEpoch);
        Assert.Equal(10, producer.LastSequence);
        Assert.Equal(-1, producer.CurrentTxnStartOffset);
    }

    [Fact]
    public void OffsetCommitRequest_V2HasRetentionTime_V7HasGroupInstanceIdAndLeaderEpoch()
    {
        // v2: group_id generation_id member_id retention_time_ms [topics: name [partitions: index offset metadata]].
        var v2 = RoundTrip(
            "000167" + "00000003" + "00016d" + "ffffffffffffffff"
            + "00000001" + "000174" + "00000001" + "00000000" + "000000000000002a" + "ffff",
            2,
            OffsetCommitRequest.Read);
        Assert.Equal(3, v2.GenerationIdOrMemberEpoch);
        Assert.Equal(-1, v2.RetentionTimeMs);
        Assert.Equal(42, Assert.Single(Assert.Single(v2.Topics).Partitions).CommittedOffset);

        // v7: no retention; group_instance_id after member_id; committed_leader_epoch between offset and metadata.
        var v7 = RoundTrip(
            "000167" + "00000003" + "00016d" + "000169"
            + "00000001" + "000174" + "00000001" + "00000000" + "000000000000002a" + "00000005" + "0000",
            7,
            OffsetCommitRequest.Read);
        Assert.Equal("i", v7.GroupInstanceId);
        var partition = Assert.Single(Assert.Single(v7.Topics).Partitions);
        Assert.Equal(5, partition.CommittedLeaderEpoch);
        Assert.Equal(string.Empty, partition.CommittedMetadata);
    }

    [Fact]
    public void SyncGroupResponse_V5PutsProtocolTypeAndNameBeforeTheAssignment()
    {
        // throttle_time_ms error_code protocol_type protocol_name assignment TAG_BUFFER.
        var response = RoundTrip(
            "00000000" + "0000" + "09636f6e73756d6572" + "0672616e6765" + "03abcd" + "00",
            5,
            SyncGroupResponse.Read);

        Assert.Equal("consumer", response.ProtocolType);
        Assert.Equal("range", response.ProtocolName);
        Assert.Equal([0xab, 0xcd], response.Assignment);
    }

    private static T RoundTrip<T>(string hex, short version, Reader<T> read)
        where T : IProtocolMessage
    {
        var bytes = Convert.FromHexString(hex);
        var reader = new ProtocolReader(bytes);
        var message = read(ref reader, version);
        Assert.True(reader.IsAtEnd, $"{typeof(T).Name} v{version} left {reader.Remaining} bytes unread");

        var size = message.ComputeSize(version);
        var buffer = new byte[size];
        var writer = new ProtocolWriter(buffer);
        message.Write(ref writer, version);
        Assert.Equal(hex, Convert.ToHexStringLower(writer.Written));
        return message;
    }
}
