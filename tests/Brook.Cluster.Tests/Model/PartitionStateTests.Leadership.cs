using Brook.Protocol.Errors;

namespace Brook.Cluster.Tests.Model;

public sealed partial class PartitionStateTests
{
    [Fact]
    public async Task MoveLeader_BumpsEpochAndStampsItIntoNewBatches()
    {
        using var f = new ClusterFixture();
        var target = f.Followers[0];

        f.Cluster.MoveLeader("t", 0, target);
        await f.Produce(TestBatches.Create(), acks: -1);

        Assert.Equal(target, f.Leader);
        Assert.Equal(1, f.Partition.LeaderEpoch);
        Assert.Equal(1, f.Partition.Log.BatchAt(0).LeaderEpoch);
    }

    [Fact]
    public async Task MoveLeader_FailsParkedAcksAllWithNotLeaderOrFollower()
    {
        using var f = new ClusterFixture();
        f.Partition.SetFollowerPaused(f.Followers[0], true);
        var task = f.Produce(TestBatches.Create(), acks: -1);

        f.Cluster.MoveLeader("t", 0, f.Followers[1]);

        Assert.Equal(ErrorCode.NotLeaderOrFollower, (await task).Error);
    }

    [Fact]
    public void MoveLeader_ToAReplicaOutsideTheIsr_ThrowsBecauseUncleanElectionIsOff()
    {
        using var f = new ClusterFixture();
        var outside = f.Followers[0];
        f.Partition.ShrinkIsr(outside);

        var e = Assert.Throws<InvalidOperationException>(() => f.Cluster.MoveLeader("t", 0, outside));
        Assert.Contains("not in the ISR", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MoveLeader_ToAFollowerBehind_TruncatesUnreplicatedAcksOneData()
    {
        using var f = new ClusterFixture();
        await f.Produce(TestBatches.Create(records: 2), acks: -1);
        f.Partition.SetFollowerPaused(f.Followers[0], true);
        f.Partition.SetFollowerPaused(f.Followers[1], true);
        await f.Produce(TestBatches.Create(records: 3), acks: 1);
        Assert.Equal(5, f.Partition.Log.LogEndOffset);

        f.Cluster.MoveLeader("t", 0, f.Followers[0]);

        var s = f.Partition.Snapshot();
        Assert.Equal(2, s.LogEndOffset);
        Assert.Equal(2, s.HighWatermark);
        Assert.All(s.Replicas, r => Assert.True(r.LogEndOffset <= 2));
        var next = await f.Produce(TestBatches.Create(), acks: 1);
        Assert.Equal(2, next.BaseOffset);
    }

    [Fact]
    public async Task CrashLeaderAfterNextAppend_ClosesConnectionLosesTheWriteAndKeepsAcknowledgedAcksAll()
    {
        using var f = new ClusterFixture();
        var acknowledged = await f.Produce(TestBatches.Create(records: 2), acks: -1);
        var oldLeader = f.Leader;
        f.Partition.SetFollowerPaused(f.Followers[0], true);
        var parked = f.Produce(TestBatches.Create(), acks: -1);
        f.Partition.CrashLeaderAfterNextAppend();

        var crashed = await f.Produce(TestBatches.Create(), acks: 1);

        Assert.True(crashed.CloseConnection);
        Assert.Equal(ErrorCode.NotLeaderOrFollower, (await parked).Error);
        Assert.False(f.Cluster.Brokers[oldLeader].IsUp);
        var s = f.Partition.Snapshot();
        Assert.NotEqual(oldLeader, s.Leader);
        Assert.DoesNotContain(oldLeader, s.Isr);
        Assert.Equal(1, s.LeaderEpoch);
        Assert.True(s.LogEndOffset >= acknowledged.BaseOffset + 2);
        Assert.True(s.LogEndOffset < 4);
    }

    [Fact]
    public async Task BrokerDownWithoutFailover_LeaderStaysAndRefusesAppends()
    {
        using var f = new ClusterFixture();
        var leader = f.Leader;

        f.Cluster.SetBrokerDown(leader, failover: false);

        Assert.Equal(leader, f.Leader);
        Assert.Equal(ErrorCode.NotLeaderOrFollower, (await f.Produce(TestBatches.Create(), acks: 1)).Error);
        f.Cluster.SetBrokerUp(leader);
        Assert.Equal(ErrorCode.None, (await f.Produce(TestBatches.Create(), acks: 1)).Error);
    }

    [Fact]
    public async Task BrokerDownWithFailover_ElectsFromIsrAndTheBrokerRejoinsAfterComingBack()
    {
        using var f = new ClusterFixture();
        var old = f.Leader;

        f.Cluster.SetBrokerDown(old, failover: true);
        Assert.NotEqual(old, f.Leader);
        Assert.Equal(2, f.Partition.IsrCount);
        await f.Produce(TestBatches.Create(), acks: -1);

        f.Cluster.SetBrokerUp(old);
        f.Advance(1);
        var s = f.Partition.Snapshot();
        Assert.Contains(old, s.Isr);
        Assert.Equal(1, s.Replicas.Single(r => r.BrokerId == old).LogEndOffset);
    }

    [Fact]
    public void AllReplicasDown_PartitionIsLeaderlessUntilTheLastIsrMemberReturns()
    {
        using var f = new ClusterFixture();
        var order = new[] { f.Followers[0], f.Followers[1], f.Leader };
        foreach (var b in order)
        {
            f.Cluster.SetBrokerDown(b, failover: true);
        }

        Assert.Equal(-1, f.Leader);
        Assert.Equal([order[2]], f.Partition.Snapshot().Isr);

        f.Cluster.SetBrokerUp(order[0]);
        Assert.Equal(-1, f.Leader);
        f.Cluster.SetBrokerUp(order[2]);
        Assert.Equal(order[2], f.Leader);
    }

    [Fact]
    public async Task ProducerState_SurvivesLeaderChange_RetryIsAnsweredWithTheOriginalOffset()
    {
        using var f = new ClusterFixture();
        await f.Produce(TestBatches.Create(records: 3), acks: -1);
        var batch = TestBatches.Idempotent(producerId: 9, epoch: 0, baseSequence: 0, records: 2);
        var original = await f.Produce(batch, acks: -1);

        f.Cluster.MoveLeader("t", 0, f.Followers[0]);
        var retry = await f.Produce(batch, acks: -1);

        Assert.Equal(ErrorCode.None, retry.Error);
        Assert.Equal(original.BaseOffset, retry.BaseOffset);
        Assert.Equal(5, f.Partition.Log.LogEndOffset);
    }

    [Fact]
    public async Task ProducerState_AfterTruncation_IsRebuiltFromTheSurvivingLog()
    {
        using var f = new ClusterFixture();
        await f.Produce(TestBatches.Idempotent(9, 0, 0), acks: -1);
        f.Partition.SetFollowerPaused(f.Followers[0], true);
        f.Partition.SetFollowerPaused(f.Followers[1], true);
        await f.Produce(TestBatches.Idempotent(9, 0, 1), acks: 1);

        f.Cluster.MoveLeader("t", 0, f.Followers[0]);
        var resent = await f.Produce(TestBatches.Idempotent(9, 0, 1), acks: 1);

        Assert.Equal(ErrorCode.None, resent.Error);
        Assert.Equal(1, resent.BaseOffset);
        var window = f.Partition.Snapshot().Producers.Single().Batches;
        Assert.Equal([0, 1], window.Select(b => b.FirstSequence));
    }
}
