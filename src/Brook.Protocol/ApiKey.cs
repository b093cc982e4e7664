namespace Brook.Protocol;

/// <summary>Kafka API keys (the <c>RequestApiKey</c> of every request header; protocol guide "Api Keys").</summary>
public enum ApiKey : short
{
    /// <summary>Produce (0).</summary>
    Produce = 0,

    /// <summary>Fetch (1).</summary>
    Fetch = 1,

    /// <summary>ListOffsets (2).</summary>
    ListOffsets = 2,

    /// <summary>Metadata (3).</summary>
    Metadata = 3,

    /// <summary>LeaderAndIsr (4), broker-internal.</summary>
    LeaderAndIsr = 4,

    /// <summary>StopReplica (5), broker-internal.</summary>
    StopReplica = 5,

    /// <summary>UpdateMetadata (6), broker-internal.</summary>
    UpdateMetadata = 6,

    /// <summary>ControlledShutdown (7), broker-internal; the only API whose v0 uses request header v0.</summary>
    ControlledShutdown = 7,

    /// <summary>OffsetCommit (8).</summary>
    OffsetCommit = 8,

    /// <summary>OffsetFetch (9).</summary>
    OffsetFetch = 9,

    /// <summary>FindCoordinator (10).</summary>
    FindCoordinator = 10,

    /// <summary>JoinGroup (11).</summary>
    JoinGroup = 11,

    /// <summary>Heartbeat (12).</summary>
    Heartbeat = 12,

    /// <summary>LeaveGroup (13).</summary>
    LeaveGroup = 13,

    /// <summary>SyncGroup (14).</summary>
    SyncGroup = 14,

    /// <summary>DescribeGroups (15).</summary>
    DescribeGroups = 15,

    /// <summary>ListGroups (16).</summary>
    ListGroups = 16,

    /// <summary>SaslHandshake (17).</summary>
    SaslHandshake = 17,

    /// <summary>ApiVersions (18).</summary>
    ApiVersions = 18,

    /// <summary>CreateTopics (19).</summary>
    CreateTopics = 19,

    /// <summary>DeleteTopics (20).</summary>
    DeleteTopics = 20,

    /// <summary>DeleteRecords (21).</summary>
    DeleteRecords = 21,

    /// <summary>InitProducerId (22).</summary>
    InitProducerId = 22,

    /// <summary>OffsetForLeaderEpoch (23).</summary>
    OffsetForLeaderEpoch = 23,

    /// <summary>AddPartitionsToTxn (24).</summary>
    AddPartitionsToTxn = 24,

    /// <summary>AddOffsetsToTxn (25).</summary>
    AddOffsetsToTxn = 25,

    /// <summary>EndTxn (26).</summary>
    EndTxn = 26,

    /// <summary>WriteTxnMarkers (27).</summary>
    WriteTxnMarkers = 27,

    /// <summary>TxnOffsetCommit (28).</summary>
    TxnOffsetCommit = 28,

    /// <summary>DescribeConfigs (32).</summary>
    DescribeConfigs = 32,

    /// <summary>SaslAuthenticate (36).</summary>
    SaslAuthenticate = 36,

    /// <summary>DescribeCluster (60).</summary>
    DescribeCluster = 60,

    /// <summary>DescribeProducers (61).</summary>
    DescribeProducers = 61,

    /// <summary>DescribeTransactions (65).</summary>
    DescribeTransactions = 65,

    /// <summary>ListTransactions (66).</summary>
    ListTransactions = 66,

    /// <summary>ConsumerGroupHeartbeat (68, KIP-848).</summary>
    ConsumerGroupHeartbeat = 68,

    /// <summary>ConsumerGroupDescribe (69, KIP-848).</summary>
    ConsumerGroupDescribe = 69,

    /// <summary>GetTelemetrySubscriptions (71, KIP-714). Never advertise unless implemented.</summary>
    GetTelemetrySubscriptions = 71,

    /// <summary>PushTelemetry (72, KIP-714). Never advertise unless implemented.</summary>
    PushTelemetry = 72,
}
