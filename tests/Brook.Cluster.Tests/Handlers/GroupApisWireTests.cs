using Brook.Cluster.Tests.Network;
using Brook.Protocol;
using Brook.Protocol.Errors;
using Brook.Protocol.Messages;
using Brook.Protocol.Primitives;

namespace Brook.Cluster.Tests.Handlers;

/// <summary>
/// The group and admin APIs over a raw socket in an old (non-flexible) and a flexible version each, built and decoded
/// with the generated message classes.
/// </summary>
public sealed class GroupApisWireTests : IAsyncLifetime
{
    private EmbeddedCluster _cluster = null!;

    public async ValueTask InitializeAsync()
    {
        _cluster = await EmbeddedCluster.StartAsync(new EmbeddedClusterOptions
        {
            BrokerCount = 3,
            DefaultPartitions = 2,
            Groups = new GroupOptions { InitialRebalanceDelayMs = 0 },
        });
        _cluster.CreateTopic("t", 2, 3);
    }

    public async ValueTask DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task FindCoordinator_V0AndBatchedV4_NameTheSameDeterministicBroker()
    {
        await using var client = await TestKafkaClient.ConnectAsync(PortOf(0));

        var v0 = await client.RoundTripAsync(ApiKey.FindCoordinator, 0, new FindCoordinatorRequest { Key = "g" }, DecFindCoordinator);
        var v4 = await client.RoundTripAsync(ApiKey.FindCoordinator, 4, new FindCoordinatorRequest { KeyType = 0, CoordinatorKeys = ["g", "other"] }, DecFindCoordinator);
        var txn = await client.RoundTripAsync(ApiKey.FindCoordinator, 3, new FindCoordinatorRequest { Key = "tx", KeyType = 1 }, DecFindCoordinator);
        var bad = await client.RoundTripAsync(ApiKey.FindCoordinator, 3, new FindCoordinatorRequest { Key = "x", KeyType = 7 }, DecFindCoordinator);

        Assert.Equal(0, v0.ErrorCode);
        Assert.Equal(PortOf(v0.NodeId), v0.Port);
        Assert.Equal(["g", "other"], v4.Coordinators.Select(c => c.Key));
        Assert.Equal(v0.NodeId, v4.Coordinators[0].NodeId);
        Assert.All(v4.Coordinators, c => Assert.Equal(PortOf(c.NodeId), c.Port));
        Assert.Equal(0, txn.ErrorCode);
        Assert.Equal((short)ErrorCode.InvalidRequest, bad.ErrorCode);
    }

    [Fact]
    public async Task GroupLifecycle_OldVersions_JoinSyncHeartbeatCommitFetchLeave()
    {
        await using var client = await TestKafkaClient.ConnectAsync(PortOf(CoordinatorOf("old")));

        var join = await client.RoundTripAsync(ApiKey.JoinGroup, 0, new JoinGroupRequest { GroupId = "old", SessionTimeoutMs = 60_000, ProtocolType = "consumer", Protocols = [new() { Name = "range", Metadata = [1, 2] }] }, DecJoinGroup);
        Assert.Equal(0, join.ErrorCode);
        Assert.Equal(1, join.GenerationId);
        Assert.Equal(join.MemberId, join.Leader);
        Assert.Equal(new byte[] { 1, 2 }, Assert.Single(join.Members).Metadata);

        var sync = await client.RoundTripAsync(ApiKey.SyncGroup, 0, new SyncGroupRequest { GroupId = "old", GenerationId = 1, MemberId = join.MemberId, Assignments = [new() { MemberId = join.MemberId, Assignment = [7] }] }, DecSyncGroup);
        Assert.Equal(new byte[] { 7 }, sync.Assignment);

        var heartbeat = await client.RoundTripAsync(ApiKey.Heartbeat, 0, new HeartbeatRequest { GroupId = "old", GenerationId = 1, MemberId = join.MemberId }, DecHeartbeat);
        Assert.Equal(0, heartbeat.ErrorCode);

        var commit = await client.RoundTripAsync(ApiKey.OffsetCommit, 2, new OffsetCommitRequest { GroupId = "old", GenerationIdOrMemberEpoch = 1, MemberId = join.MemberId, Topics = [new() { Name = "t", Partitions = [new() { PartitionIndex = 1, CommittedOffset = 5, CommittedMetadata = "m" }, new() { PartitionIndex = 9, CommittedOffset = 1 }] }] }, DecOffsetCommit);
        Assert.Equal([0, (short)ErrorCode.UnknownTopicOrPartition], commit.Topics[0].Partitions.Select(p => p.ErrorCode));

        var fetch = await client.RoundTripAsync(ApiKey.OffsetFetch, 1, new OffsetFetchRequest { GroupId = "old", Topics = [new() { Name = "t", PartitionIndexes = [0, 1] }] }, DecOffsetFetch);
        Assert.Equal([(-1L, ""), (5L, "m")], fetch.Topics[0].Partitions.Select(p => (p.CommittedOffset, p.Metadata)));

        var leave = await client.RoundTripAsync(ApiKey.LeaveGroup, 0, new LeaveGroupRequest { GroupId = "old", MemberId = join.MemberId }, DecLeaveGroup);
        Assert.Equal(0, leave.ErrorCode);
        var stale = await client.RoundTripAsync(ApiKey.Heartbeat, 0, new HeartbeatRequest { GroupId = "old", GenerationId = 1, MemberId = join.MemberId }, DecHeartbeat);
        Assert.Equal((short)ErrorCode.UnknownMemberId, stale.ErrorCode);
    }

    [Fact]
    public async Task GroupLifecycle_FlexibleVersions_MemberIdRequiredThenJoinSyncHeartbeatCommitFetchLeave()
    {
        await using var client = await TestKafkaClient.ConnectAsync(PortOf(CoordinatorOf("flex")));
        JoinGroupRequest Join(string memberId) => new() { GroupId = "flex", SessionTimeoutMs = 60_000, RebalanceTimeoutMs = 10_000, MemberId = memberId, ProtocolType = "consumer", Protocols = [new() { Name = "range", Metadata = [3] }], Reason = "test" };

        var first = await client.RoundTripAsync(ApiKey.JoinGroup, 9, Join(""), DecJoinGroup);
        Assert.Equal((short)ErrorCode.MemberIdRequired, first.ErrorCode);
        var join = await client.RoundTripAsync(ApiKey.JoinGroup, 9, Join(first.MemberId), DecJoinGroup);
        Assert.Equal(0, join.ErrorCode);
        Assert.Equal(("consumer", "range"), (join.ProtocolType, join.ProtocolName));

        var sync = await client.RoundTripAsync(ApiKey.SyncGroup, 5, new SyncGroupRequest { GroupId = "flex", GenerationId = join.GenerationId, MemberId = join.MemberId, ProtocolType = "consumer", ProtocolName = "range", Assignments = [new() { MemberId = join.MemberId, Assignment = [8] }] }, DecSyncGroup);
        Assert.Equal((0, "range"), (sync.ErrorCode, sync.ProtocolName));
        Assert.Equal(new byte[] { 8 }, sync.Assignment);

        var heartbeat = await client.RoundTripAsync(ApiKey.Heartbeat, 4, new HeartbeatRequest { GroupId = "flex", GenerationId = join.GenerationId + 1, MemberId = join.MemberId }, DecHeartbeat);
        Assert.Equal((short)ErrorCode.IllegalGeneration, heartbeat.ErrorCode);

        var commit = await client.RoundTripAsync(ApiKey.OffsetCommit, 9, new OffsetCommitRequest { GroupId = "flex", GenerationIdOrMemberEpoch = join.GenerationId, MemberId = join.MemberId, Topics = [new() { Name = "t", Partitions = [new() { PartitionIndex = 0, CommittedOffset = 11, CommittedLeaderEpoch = 4 }] }] }, DecOffsetCommit);
        Assert.Equal(0, commit.Topics[0].Partitions[0].ErrorCode);

        var fetch = await client.RoundTripAsync(ApiKey.OffsetFetch, 8, new OffsetFetchRequest { Groups = [new() { GroupId = "flex", Topics = null }, new() { GroupId = "none", Topics = [new() { Name = "t", PartitionIndexes = [0] }] }] }, DecOffsetFetch);
        var mine = fetch.Groups.Single(g => g.GroupId == "flex");
        if (CoordinatorOf("none") == CoordinatorOf("flex"))
        {
            Assert.Equal(-1L, fetch.Groups.Single(g => g.GroupId == "none").Topics[0].Partitions[0].CommittedOffset);
        }
        else
        {
            Assert.Equal((short)ErrorCode.NotCoordinator, fetch.Groups.Single(g => g.GroupId == "none").ErrorCode);
        }

        Assert.Equal((11L, 4), (mine.Topics[0].Partitions[0].CommittedOffset, mine.Topics[0].Partitions[0].CommittedLeaderEpoch));

        var leave = await client.RoundTripAsync(ApiKey.LeaveGroup, 5, new LeaveGroupRequest { GroupId = "flex", Members = [new() { MemberId = join.MemberId }, new() { MemberId = "ghost" }] }, DecLeaveGroup);
        Assert.Equal([0, (short)ErrorCode.UnknownMemberId], leave.Members.Select(m => m.ErrorCode));
    }

    [Fact]
    public async Task Heartbeat_AtTheWrongBroker_IsNotCoordinator()
    {
        var wrong = (CoordinatorOf("g") + 1) % 3;
        await using var client = await TestKafkaClient.ConnectAsync(PortOf(wrong));

        var response = await client.RoundTripAsync(ApiKey.Heartbeat, 4, new HeartbeatRequest { GroupId = "g", GenerationId = 1, MemberId = "m" }, DecHeartbeat);

        Assert.Equal((short)ErrorCode.NotCoordinator, response.ErrorCode);
    }

    [Fact]
    public async Task CreateAndDeleteTopics_V0AndFlexibleVersions()
    {
        await using var client = await TestKafkaClient.ConnectAsync(PortOf(1));

        var v0 = await client.RoundTripAsync(ApiKey.CreateTopics, 0, new CreateTopicsRequest { Topics = [new() { Name = "a", NumPartitions = 2, ReplicationFactor = 2 }, new() { Name = "t", NumPartitions = 1, ReplicationFactor = 1 }, new() { Name = "b", NumPartitions = 0, ReplicationFactor = 1 }, new() { Name = "c", NumPartitions = 1, ReplicationFactor = 4 }] }, DecCreateTopics);
        Assert.Equal([0, (short)ErrorCode.TopicAlreadyExists, (short)ErrorCode.InvalidPartitions, (short)ErrorCode.InvalidReplicationFactor], v0.Topics.Select(t => t.ErrorCode));
        Assert.Equal(2, _cluster.GetPartition("a", 1).Replicas.Count);

        var validate = await client.RoundTripAsync(ApiKey.CreateTopics, 7, new CreateTopicsRequest { ValidateOnly = true, Topics = [new() { Name = "v", NumPartitions = -1, ReplicationFactor = -1, Configs = [new() { Name = "min.insync.replicas", Value = "2" }] }] }, DecCreateTopics);
        var v = Assert.Single(validate.Topics);
        Assert.Equal((0, 2, (short)3), (v.ErrorCode, v.NumPartitions, v.ReplicationFactor));
        Assert.Contains(v.Configs!, c => c is { Name: "min.insync.replicas", Value: "2", ConfigSource: 1 });
        Assert.Throws<ArgumentException>(() => _cluster.GetPartition("v", 0));

        var v7 = await client.RoundTripAsync(ApiKey.CreateTopics, 7, new CreateTopicsRequest { Topics = [new() { Name = "d", NumPartitions = 1, ReplicationFactor = 3, Configs = [new() { Name = "retention.bytes", Value = "4096" }] }, new() { Name = "e", NumPartitions = 1, ReplicationFactor = 1, Configs = [new() { Name = "cleanup.policy", Value = "compact" }] }] }, DecCreateTopics);
        Assert.Equal([0, (short)ErrorCode.InvalidConfig], v7.Topics.Select(t => t.ErrorCode));
        Assert.NotEqual(Guid.Empty, v7.Topics[0].TopicId);

        var d0 = await client.RoundTripAsync(ApiKey.DeleteTopics, 0, new DeleteTopicsRequest { TopicNames = ["a", "missing"], TimeoutMs = 1000 }, DecDeleteTopics);
        Assert.Equal([0, (short)ErrorCode.UnknownTopicOrPartition], d0.Responses.Select(r => r.ErrorCode));
        var d6 = await client.RoundTripAsync(ApiKey.DeleteTopics, 6, new DeleteTopicsRequest { Topics = [new() { TopicId = v7.Topics[0].TopicId }, new() { TopicId = Guid.NewGuid() }], TimeoutMs = 1000 }, DecDeleteTopics);
        Assert.Equal([0, (short)ErrorCode.UnknownTopicId], d6.Responses.Select(r => r.ErrorCode));
        Assert.Equal("d", d6.Responses[0].Name);
        Assert.Throws<ArgumentException>(() => _cluster.GetPartition("d", 0));
    }

    private static CreateTopicsResponse DecCreateTopics(ReadOnlyMemory<byte> body, short version)
    {
        var reader = new ProtocolReader(body);
        return CreateTopicsResponse.Read(ref reader, version);
    }

    private static DeleteTopicsResponse DecDeleteTopics(ReadOnlyMemory<byte> body, short version)
    {
        var reader = new ProtocolReader(body);
        return DeleteTopicsResponse.Read(ref reader, version);
    }

    private static FindCoordinatorResponse DecFindCoordinator(ReadOnlyMemory<byte> body, short version)
    {
        var reader = new ProtocolReader(body);
        return FindCoordinatorResponse.Read(ref reader, version);
    }

    [Fact]
    public async Task DescribeAndListGroups_OldAndFlexibleVersions_ReportAStableGroupAtItsCoordinatorOnly()
    {
        var coordinator = CoordinatorOf("described");
        await using var client = await TestKafkaClient.ConnectAsync(PortOf(coordinator));
        await using var other = await TestKafkaClient.ConnectAsync(PortOf((coordinator + 1) % 3));
        var join = await client.RoundTripAsync(ApiKey.JoinGroup, 2, new JoinGroupRequest { GroupId = "described", SessionTimeoutMs = 60_000, RebalanceTimeoutMs = 10_000, ProtocolType = "consumer", Protocols = [new() { Name = "range", Metadata = [1, 2] }] }, DecJoinGroup);
        await client.RoundTripAsync(ApiKey.SyncGroup, 0, new SyncGroupRequest { GroupId = "described", GenerationId = join.GenerationId, MemberId = join.MemberId, Assignments = [new() { MemberId = join.MemberId, Assignment = [7] }] }, DecSyncGroup);

        var missing = Enumerable.Range(0, 100).Select(i => $"missing-{i}").First(id => CoordinatorOf(id) == coordinator);
        var v0 = await client.RoundTripAsync(ApiKey.DescribeGroups, 0, new DescribeGroupsRequest { Groups = ["described", missing] }, DecDescribeGroups);
        var v5 = await client.RoundTripAsync(ApiKey.DescribeGroups, 5, new DescribeGroupsRequest { Groups = ["described"], IncludeAuthorizedOperations = true }, DecDescribeGroups);
        var elsewhere = await other.RoundTripAsync(ApiKey.DescribeGroups, 5, new DescribeGroupsRequest { Groups = ["described"] }, DecDescribeGroups);
        var list0 = await client.RoundTripAsync(ApiKey.ListGroups, 0, new ListGroupsRequest(), DecListGroups);
        var list4 = await client.RoundTripAsync(ApiKey.ListGroups, 4, new ListGroupsRequest { StatesFilter = ["stable"] }, DecListGroups);
        var list4Empty = await client.RoundTripAsync(ApiKey.ListGroups, 4, new ListGroupsRequest { StatesFilter = ["Empty"] }, DecListGroups);
        var otherList = await other.RoundTripAsync(ApiKey.ListGroups, 3, new ListGroupsRequest(), DecListGroups);

        var g = v0.Groups[0];
        Assert.Equal((0, "Stable", "consumer", "range"), (g.ErrorCode, g.GroupState, g.ProtocolType, g.ProtocolData));
        var m = Assert.Single(g.Members);
        Assert.Equal((join.MemberId, "test", "/127.0.0.1"), (m.MemberId, m.ClientId, m.ClientHost));
        Assert.Equal(new byte[] { 1, 2 }, m.MemberMetadata);
        Assert.Equal(new byte[] { 7 }, m.MemberAssignment);
        Assert.Equal((0, "Dead"), (v0.Groups[1].ErrorCode, v0.Groups[1].GroupState));
        Assert.Equal(join.MemberId, Assert.Single(v5.Groups[0].Members).MemberId);
        Assert.NotEqual(int.MinValue, v5.Groups[0].AuthorizedOperations);
        Assert.Equal((short)ErrorCode.NotCoordinator, elsewhere.Groups[0].ErrorCode);
        Assert.Contains(list0.Groups, l => l.GroupId == "described" && l.ProtocolType == "consumer");
        Assert.Equal("Stable", Assert.Single(list4.Groups, l => l.GroupId == "described").GroupState);
        Assert.DoesNotContain(list4Empty.Groups, l => l.GroupId == "described");
        Assert.DoesNotContain(otherList.Groups, l => l.GroupId == "described");
    }

    private static DescribeGroupsResponse DecDescribeGroups(ReadOnlyMemory<byte> body, short version)
    {
        var reader = new ProtocolReader(body);
        return DescribeGroupsResponse.Read(ref reader, version);
    }

    private static ListGroupsResponse DecListGroups(ReadOnlyMemory<byte> body, short version)
    {
        var reader = new ProtocolReader(body);
        return ListGroupsResponse.Read(ref reader, version);
    }

    private static HeartbeatResponse DecHeartbeat(ReadOnlyMemory<byte> body, short version)
    {
        var reader = new ProtocolReader(body);
        return HeartbeatResponse.Read(ref reader, version);
    }

    private static JoinGroupResponse DecJoinGroup(ReadOnlyMemory<byte> body, short version)
    {
        var reader = new ProtocolReader(body);
        return JoinGroupResponse.Read(ref reader, version);
    }

    private static LeaveGroupResponse DecLeaveGroup(ReadOnlyMemory<byte> body, short version)
    {
        var reader = new ProtocolReader(body);
        return LeaveGroupResponse.Read(ref reader, version);
    }

    private static OffsetCommitResponse DecOffsetCommit(ReadOnlyMemory<byte> body, short version)
    {
        var reader = new ProtocolReader(body);
        return OffsetCommitResponse.Read(ref reader, version);
    }

    private static OffsetFetchResponse DecOffsetFetch(ReadOnlyMemory<byte> body, short version)
    {
        var reader = new ProtocolReader(body);
        return OffsetFetchResponse.Read(ref reader, version);
    }

    private static SyncGroupResponse DecSyncGroup(ReadOnlyMemory<byte> body, short version)
    {
        var reader = new ProtocolReader(body);
        return SyncGroupResponse.Read(ref reader, version);
    }

    private int CoordinatorOf(string group) => _cluster.State.CoordinatorFor(group);

    private int PortOf(int broker) => int.Parse(_cluster.BootstrapServers.Split(',')[broker].Split(':')[1], System.Globalization.CultureInfo.InvariantCulture);
}
