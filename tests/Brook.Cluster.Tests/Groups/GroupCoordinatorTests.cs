using Brook.Cluster.Groups;
using Brook.Protocol.Errors;
using Microsoft.Extensions.Time.Testing;

namespace Brook.Cluster.Tests.Groups;

/// <summary>The classic group state machine on virtual time (broker-semantics.md §6).</summary>
public sealed class GroupCoordinatorTests
{
    private const string Group = "g";
    private static readonly JoinProtocol[] Range = [new("range", [1]), new("roundrobin", [2])];
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UnixEpoch.AddDays(1));
    private readonly GroupCoordinator _coordinator;

    public GroupCoordinatorTests()
    {
        _coordinator = new GroupCoordinator(new GroupOptions { InitialRebalanceDelayMs = 100 }, _time, seed: 1);
    }

    [Fact]
    public async Task Join_V4WithoutMemberId_AnswersMemberIdRequiredThenJoinsAfterInitialDelay()
    {
        var first = await Join("");
        Assert.Equal(ErrorCode.MemberIdRequired, first.Error);
        Assert.NotEmpty(first.MemberId);

        var join = _coordinator.JoinAsync(Group, first.MemberId, null, "consumer", Range, 10_000, 30_000, true);
        _coordinator.Tick();
        Assert.False(join.IsCompleted);
        Assert.Equal(GroupState.PreparingRebalance, _coordinator.Describe(Group)!.Value.State);

        Advance(100);
        var outcome = await join;
        Assert.Equal(ErrorCode.None, outcome.Error);
        Assert.Equal(1, outcome.GenerationId);
        Assert.Equal(first.MemberId, outcome.LeaderId);
        Assert.Equal("range", outcome.ProtocolName);
        Assert.Single(outcome.Members!);
        Assert.Equal(GroupState.CompletingRebalance, _coordinator.Describe(Group)!.Value.State);
    }

    [Fact]
    public async Task Join_TwoMembers_FirstLeadsAndOnlyTheLeaderGetsTheMemberList()
    {
        var (a, b) = await JoinTwo();

        Assert.Equal(a.GenerationId, b.GenerationId);
        Assert.Equal(a.MemberId, a.LeaderId);
        Assert.Equal(a.MemberId, b.LeaderId);
        Assert.Equal(2, a.Members!.Count);
        Assert.Empty(b.Members!);
    }

    [Fact]
    public async Task Join_SelectsTheProtocolEveryMemberSupportsByVote()
    {
        var a = _coordinator.JoinAsync(Group, "", null, "consumer", [new("sticky", []), new("range", [])], 10_000, 30_000, false);
        var b = _coordinator.JoinAsync(Group, "", null, "consumer", [new("range", []), new("sticky", [])], 10_000, 30_000, false);
        var c = _coordinator.JoinAsync(Group, "", null, "consumer", [new("range", [])], 10_000, 30_000, false);
        Advance(100);

        Assert.Equal("range", (await a).ProtocolName);
        Assert.Equal("range", (await c).ProtocolName);
        Assert.Equal(ErrorCode.None, (await b).Error);
    }

    [Fact]
    public async Task Join_WithNoCommonProtocol_IsInconsistentGroupProtocol()
    {
        await Join("", requireKnown: false);
        var other = await _coordinator.JoinAsync(Group, "", null, "consumer", [new("cooperative-sticky", [])], 10_000, 30_000, false);

        Assert.Equal(ErrorCode.InconsistentGroupProtocol, other.Error);
    }

    [Theory]
    [InlineData(5_999)]
    [InlineData(1_800_001)]
    public async Task Join_WithSessionTimeoutOutOfBounds_IsInvalidSessionTimeout(int sessionTimeoutMs)
    {
        var outcome = await _coordinator.JoinAsync(Group, "", null, "consumer", Range, sessionTimeoutMs, 30_000, true);

        Assert.Equal(ErrorCode.InvalidSessionTimeout, outcome.Error);
    }

    [Fact]
    public async Task Sync_LeaderAssignmentsReachTheParkedFollowerAndTheGroupTurnsStable()
    {
        var (a, b) = await JoinTwo();
        var follower = _coordinator.SyncAsync(Group, b.GenerationId, b.MemberId, null, null, []);
        Assert.False(follower.IsCompleted);

        var leader = await _coordinator.SyncAsync(Group, a.GenerationId, a.MemberId, null, null, [(a.MemberId, [10]), (b.MemberId, [20])]);

        Assert.Equal(new byte[] { 10 }, leader.Assignment);
        Assert.Equal(new byte[] { 20 }, (await follower).Assignment);
        Assert.Equal(GroupState.Stable, _coordinator.Describe(Group)!.Value.State);
    }

    [Fact]
    public async Task Sync_WithWrongGenerationOrMember_IsIllegalGenerationOrUnknownMember()
    {
        var (a, _) = await JoinTwo();

        Assert.Equal(ErrorCode.IllegalGeneration, (await _coordinator.SyncAsync(Group, a.GenerationId + 1, a.MemberId, null, null, [])).Error);
        Assert.Equal(ErrorCode.UnknownMemberId, (await _coordinator.SyncAsync(Group, a.GenerationId, "nobody", null, null, [])).Error);
    }

    [Fact]
    public async Task Heartbeat_WhenANewMemberJoins_IsRebalanceInProgressUntilRejoin()
    {
        var a = await Stable();
        Assert.Equal(ErrorCode.None, _coordinator.Heartbeat(Group, a.GenerationId, a.MemberId));

        var newcomer = _coordinator.JoinAsync(Group, "", null, "consumer", Range, 10_000, 30_000, false);
        Assert.Equal(ErrorCode.RebalanceInProgress, _coordinator.Heartbeat(Group, a.GenerationId, a.MemberId));

        var rejoin = await _coordinator.JoinAsync(Group, a.MemberId, null, "consumer", Range, 10_000, 30_000, true);
        Assert.Equal(a.GenerationId + 1, rejoin.GenerationId);
        Assert.Equal(a.GenerationId + 1, (await newcomer).GenerationId);
        Assert.Equal(ErrorCode.IllegalGeneration, _coordinator.Heartbeat(Group, a.GenerationId, a.MemberId));
        Assert.Equal(ErrorCode.UnknownMemberId, _coordinator.Heartbeat(Group, rejoin.GenerationId, "nobody"));
    }

    [Fact]
    public async Task Session_WithoutHeartbeats_ExpiresTheMemberAndRebalancesTheRest()
    {
        var (a, b) = await JoinTwo();
        var follower = _coordinator.SyncAsync(Group, b.GenerationId, b.MemberId, null, null, []);
        await _coordinator.SyncAsync(Group, a.GenerationId, a.MemberId, null, null, [(a.MemberId, [1]), (b.MemberId, [2])]);
        await follower;

        for (var i = 0; i < 3; i++)
        {
            Advance(3_000);
            Assert.Equal(ErrorCode.None, _coordinator.Heartbeat(Group, a.GenerationId, a.MemberId));
        }

        Advance(3_000);
        Assert.Equal(ErrorCode.RebalanceInProgress, _coordinator.Heartbeat(Group, a.GenerationId, a.MemberId));

        var group = _coordinator.Describe(Group)!.Value;
        Assert.Equal([a.MemberId], group.Members);
        Assert.Equal(GroupState.PreparingRebalance, group.State);
        Assert.Equal(ErrorCode.UnknownMemberId, _coordinator.Heartbeat(Group, b.GenerationId, b.MemberId));
    }

    [Fact]
    public async Task Rebalance_MemberNotRejoiningWithinRebalanceTimeout_IsDropped()
    {
        var (a, b) = await JoinTwo();
        var follower = _coordinator.SyncAsync(Group, b.GenerationId, b.MemberId, null, null, []);
        await _coordinator.SyncAsync(Group, a.GenerationId, a.MemberId, null, null, [(a.MemberId, [1]), (b.MemberId, [2])]);
        await follower;

        // b never rejoins: its session (10 s since its SyncGroup) ends before the 30 s rebalance timeout and the join
        // completes without it.
        var rejoin = _coordinator.JoinAsync(Group, a.MemberId, null, "consumer", [new("range", [9])], 60_000, 5_000, true);
        Advance(9_999);
        Assert.False(rejoin.IsCompleted);
        Advance(1);

        var outcome = await rejoin.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        Assert.Equal(ErrorCode.None, outcome.Error);
        Assert.Single(outcome.Members!);
        Assert.Equal([a.MemberId], _coordinator.Describe(Group)!.Value.Members);
    }

    [Fact]
    public async Task Leave_LastMember_EmptiesTheGroupAndKeepsOffsets()
    {
        var a = await Stable();
        Assert.Equal(ErrorCode.None, _coordinator.ValidateCommit(Group, a.GenerationId, a.MemberId));
        _coordinator.Commit(Group, "t", 0, 42, 3, "m");

        Assert.Equal(ErrorCode.None, _coordinator.Leave(Group, a.MemberId, null));
        Assert.Equal(ErrorCode.UnknownMemberId, _coordinator.Leave(Group, a.MemberId, null));

        var group = _coordinator.Describe(Group)!.Value;
        Assert.Equal(GroupState.Empty, group.State);
        Assert.Equal(a.GenerationId + 1, group.Generation);
        Assert.True(_coordinator.TryGetOffset(Group, "t", 0, out var offset));
        Assert.Equal((42L, 3, "m"), (offset.Offset, offset.LeaderEpoch, offset.Metadata));
    }

    [Fact]
    public async Task Commit_SimpleCommitOnlyWhileTheGroupHasNoMembers()
    {
        Assert.Equal(ErrorCode.None, _coordinator.ValidateCommit("simple", -1, ""));
        Assert.Equal(ErrorCode.IllegalGeneration, _coordinator.ValidateCommit("unknown", 3, "x"));

        var a = await Stable();
        Assert.Equal(ErrorCode.UnknownMemberId, _coordinator.ValidateCommit(Group, -1, ""));
        Assert.Equal(ErrorCode.IllegalGeneration, _coordinator.ValidateCommit(Group, a.GenerationId + 1, a.MemberId));
    }

    [Fact]
    public async Task Commit_WhileWaitingForSync_IsRebalanceInProgress()
    {
        var (a, _) = await JoinTwo();

        Assert.Equal(ErrorCode.RebalanceInProgress, _coordinator.ValidateCommit(Group, a.GenerationId, a.MemberId));
    }

    [Fact]
    public async Task Join_StaticMemberRestart_FencesTheOldMemberId()
    {
        var first = _coordinator.JoinAsync(Group, "", "instance-1", "consumer", Range, 10_000, 30_000, true);
        Advance(100);
        var old = await first;
        Assert.Equal(ErrorCode.None, old.Error);

        var restarted = _coordinator.JoinAsync(Group, "", "instance-1", "consumer", Range, 10_000, 30_000, true);
        var outcome = await restarted;

        Assert.Equal(ErrorCode.None, outcome.Error);
        Assert.NotEqual(old.MemberId, outcome.MemberId);
        Assert.Equal(ErrorCode.FencedInstanceId, (await _coordinator.JoinAsync(Group, old.MemberId, "instance-1", "consumer", Range, 10_000, 30_000, true)).Error);
    }

    [Fact]
    public async Task DescribeGroup_Stable_ReportsProtocolClientAndEachMembersMetadataAndAssignment()
    {
        var join = _coordinator.JoinAsync(Group, "", null, "consumer", Range, 10_000, 30_000, false, "app", "/127.0.0.1");
        Advance(100);
        var a = await join;
        await _coordinator.SyncAsync(Group, a.GenerationId, a.MemberId, null, null, [(a.MemberId, [9])]);

        var d = _coordinator.DescribeGroup(Group);

        Assert.Equal(("Stable", "consumer", "range"), (d.State, d.ProtocolType, d.Protocol));
        var m = Assert.Single(d.Members);
        Assert.StartsWith("app-", m.MemberId, StringComparison.Ordinal);
        Assert.Equal(("app", "/127.0.0.1"), (m.ClientId, m.ClientHost));
        Assert.Equal(new byte[] { 1 }, m.Metadata);
        Assert.Equal(new byte[] { 9 }, m.Assignment);
    }

    [Fact]
    public async Task DescribeGroup_Rebalancing_HidesProtocolMetadataAndAssignments()
    {
        await JoinTwo();

        var d = _coordinator.DescribeGroup(Group);

        Assert.Equal(("CompletingRebalance", ""), (d.State, d.Protocol));
        Assert.Equal(2, d.Members.Count);
        Assert.All(d.Members, m => Assert.Empty(m.Metadata));
    }

    [Fact]
    public void DescribeGroup_Unknown_IsDeadWithoutMembers()
    {
        var d = _coordinator.DescribeGroup("nobody");

        Assert.Equal(("nobody", "Dead", ""), (d.GroupId, d.State, d.ProtocolType));
        Assert.Empty(d.Members);
    }

    [Fact]
    public async Task ListGroups_ListsLiveGroupsTheFilterAcceptsInIdOrder()
    {
        await Stable();
        var other = _coordinator.JoinAsync("b-group", "", null, "consumer", Range, 10_000, 30_000, false);
        var skipped = _coordinator.JoinAsync("skip", "", null, "consumer", Range, 10_000, 30_000, false);

        var listed = _coordinator.ListGroups(id => id != "skip");

        Assert.Equal([("b-group", "consumer", "PreparingRebalance"), (Group, "consumer", "Stable")], listed);
        Advance(100);
        await Task.WhenAll(other, skipped);
    }

    private async Task<JoinOutcome> Stable()
    {
        var a = await Join("", requireKnown: false, advance: true);
        var sync = await _coordinator.SyncAsync(Group, a.GenerationId, a.MemberId, null, null, [(a.MemberId, [1])]);
        Assert.Equal(ErrorCode.None, sync.Error);
        return a;
    }

    private async Task<(JoinOutcome A, JoinOutcome B)> JoinTwo()
    {
        var a = _coordinator.JoinAsync(Group, "", null, "consumer", Range, 10_000, 30_000, false);
        var b = _coordinator.JoinAsync(Group, "", null, "consumer", Range, 10_000, 30_000, false);
        Advance(100);
        return (await a, await b);
    }

    private async Task<JoinOutcome> Join(string memberId, bool requireKnown = true, bool advance = false)
    {
        var join = _coordinator.JoinAsync(Group, memberId, null, "consumer", Range, 10_000, 30_000, requireKnown);
        if (advance || !join.IsCompleted)
        {
            Advance(100);
        }

        return await join.WaitAsync(TimeSpan.FromSeconds(10));
    }

    private void Advance(int ms)
    {
        _time.Advance(TimeSpan.FromMilliseconds(ms));
        _coordinator.Tick();
    }
}
