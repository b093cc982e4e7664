using Brook.Protocol.Errors;

namespace Brook.Cluster.Tests.Model;

public sealed partial class PartitionStateTests
{
    [Fact]
    public async Task Append_AcksOne_AssignsOffsetsAndReplicatesAtOnceWithoutLag()
    {
        using var f = new ClusterFixture();

        var first = await f.Produce(TestBatches.Create(records: 3), acks: 1);
        var second = await f.Produce(TestBatches.Create(records: 2), acks: 1);

        Assert.Equal(ErrorCode.None, first.Error);
        Assert.Equal(0, first.BaseOffset);
        Assert.Equal(3, second.BaseOffset);
        Assert.Equal(-1, second.LogAppendTimeMs);
        Assert.Equal(0, second.LogStartOffset);
        var s = f.Partition.Snapshot();
        Assert.Equal(5, s.HighWatermark);
        Assert.All(s.Replicas, r => Assert.Equal(5, r.LogEndOffset));
        Assert.Equal(3, s.Isr.Count);
    }

    [Fact]
    public void Append_AcksAllWithInSyncFollowers_CompletesSynchronously()
    {
        using var f = new ClusterFixture();

        var task = f.Produce(TestBatches.Create(records: 2), acks: -1);

        Assert.Equal(ErrorCode.None, ClusterFixture.Completed(task).Error);
    }

    [Fact]
    public async Task Append_ToAFollower_IsNotLeaderOrFollower()
    {
        using var f = new ClusterFixture();

        var result = await f.Partition.AppendAsync(f.Followers[0], TestBatches.Create(), -1, 1000, 9);

        Assert.Equal(ErrorCode.NotLeaderOrFollower, result.Error);
        Assert.Equal(0, f.Partition.Log.LogEndOffset);
    }

    [Fact]
    public async Task Append_AcksAllWithIsrBelowMin_IsNotEnoughReplicasAndAppendsNothing()
    {
        using var f = new ClusterFixture(config: new TopicConfig { MinInsyncReplicas = 2 });
        f.Partition.ShrinkIsr(f.Followers[0]);
        f.Partition.ShrinkIsr(f.Followers[1]);

        var result = await f.Produce(TestBatches.Create(), acks: -1);

        Assert.Equal(ErrorCode.NotEnoughReplicas, result.Error);
        Assert.Equal(0, f.Partition.Log.LogEndOffset);
    }

    [Fact]
    public async Task Append_AcksOneWithIsrBelowMin_AppendsButHighWatermarkStays()
    {
        using var f = new ClusterFixture(config: new TopicConfig { MinInsyncReplicas = 2 });
        f.Partition.ShrinkIsr(f.Followers[0]);
        f.Partition.ShrinkIsr(f.Followers[1]);

        var result = await f.Produce(TestBatches.Create(), acks: 1);

        Assert.Equal(ErrorCode.None, result.Error);
        Assert.Equal(1, f.Partition.Log.LogEndOffset);
        Assert.Equal(0, f.Partition.HighWatermark);
    }

    [Fact]
    public async Task Append_AcksAllWithLaggingFollowers_CompletesWhenTheHighWatermarkPassesTheBatch()
    {
        using var f = new ClusterFixture(configure: o => o with { FollowerReplicationLagMs = 100 });

        var task = f.Produce(TestBatches.Create(records: 4), acks: -1);
        Assert.False(task.IsCompleted);
        f.Advance(50);
        Assert.False(task.IsCompleted);
        Assert.Equal(0, f.Partition.HighWatermark);

        f.Advance(50);
        var result = await task;
        Assert.Equal(ErrorCode.None, result.Error);
        Assert.Equal(0, result.BaseOffset);
        Assert.Equal(4, f.Partition.HighWatermark);
    }

    [Fact]
    public async Task Append_AcksAllNotReplicatedInTime_IsRequestTimedOutAndStaysAppended()
    {
        using var f = new ClusterFixture();
        f.Partition.SetFollowerPaused(f.Followers[0], true);

        var task = f.Produce(TestBatches.Create(), acks: -1, timeoutMs: 1000);
        f.Advance(999);
        Assert.False(task.IsCompleted);
        f.Advance(1);

        Assert.Equal(ErrorCode.RequestTimedOut, (await task).Error);
        Assert.Equal(1, f.Partition.Log.LogEndOffset);
        Assert.Equal(0, f.Partition.PendingAcks);
    }

    [Fact]
    public async Task Tick_FollowerNotCaughtUpForReplicaLagTimeMax_LeavesIsrAndRejoinsWhenCaughtUp()
    {
        using var f = new ClusterFixture();
        var slow = f.Followers[0];
        f.Partition.SetFollowerPaused(slow, true);
        await f.Produce(TestBatches.Create(), acks: 1);

        f.Advance(30_000);
        Assert.Contains(slow, f.Partition.Snapshot().Isr);
        f.Advance(1);
        Assert.DoesNotContain(slow, f.Partition.Snapshot().Isr);
        Assert.Equal(1, f.Partition.HighWatermark);

        f.Partition.SetFollowerPaused(slow, false);
        var s = f.Partition.Snapshot();
        Assert.Contains(slow, s.Isr);
        Assert.Equal(1, s.Replicas.Single(r => r.BrokerId == slow).LogEndOffset);
    }

    [Fact]
    public void Tick_PausedFollowerWithNothingMissing_StaysInIsr()
    {
        using var f = new ClusterFixture();
        f.Partition.SetFollowerPaused(f.Followers[0], true);

        f.Advance(100_000);

        Assert.Equal(3, f.Partition.IsrCount);
    }

    [Fact]
    public async Task Tick_FollowerLaggingLessThanReplicaLagTimeMax_StaysInIsrUnderSteadyLoad()
    {
        using var f = new ClusterFixture();
        f.Partition.SetFollowerLag(f.Followers[0], 20_000);

        for (var i = 0; i < 100; i++)
        {
            await f.Produce(TestBatches.Create(), acks: 1);
            f.Advance(1_000);
        }

        Assert.Equal(3, f.Partition.IsrCount);
        var lagging = f.Partition.Snapshot().Replicas.Single(r => r.BrokerId == f.Followers[0]);
        Assert.Equal(81, lagging.LogEndOffset);
        Assert.Equal(81, f.Partition.HighWatermark);
    }

    [Fact]
    public async Task Tick_FollowerLaggingMoreThanReplicaLagTimeMax_LeavesIsrAndHighWatermarkFollowsTheRest()
    {
        using var f = new ClusterFixture();
        f.Partition.SetFollowerLag(f.Followers[0], 40_000);

        for (var i = 0; i < 100; i++)
        {
            await f.Produce(TestBatches.Create(), acks: 1);
            f.Advance(1_000);
        }

        Assert.Equal(2, f.Partition.IsrCount);
        Assert.Equal(100, f.Partition.HighWatermark);
    }

    [Fact]
    public async Task HighWatermark_DoesNotAdvanceWhileIsrBelowMinInsyncReplicas()
    {
        using var f = new ClusterFixture(config: new TopicConfig { MinInsyncReplicas = 2 });
        f.Partition.SetFollowerPaused(f.Followers[0], true);
        f.Partition.SetFollowerPaused(f.Followers[1], true);
        await f.Produce(TestBatches.Create(), acks: 1);
        f.Advance(30_001);
        Assert.Equal(1, f.Partition.IsrCount);

        await f.Produce(TestBatches.Create(), acks: 1);
        f.Advance(10);
        Assert.Equal(0, f.Partition.HighWatermark);

        f.Partition.SetFollowerPaused(f.Followers[0], false);
        Assert.Equal(2, f.Partition.IsrCount);
        Assert.Equal(2, f.Partition.HighWatermark);
    }

    [Fact]
    public async Task Append_AcksAllWhenIsrShrinksBelowMinAsTheHighWatermarkPasses_IsNotEnoughReplicasAfterAppend()
    {
        using var f = new ClusterFixture(config: new TopicConfig { MinInsyncReplicas = 3 });
        var slow = f.Followers[1];
        f.Partition.SetFollowerLag(slow, 30_500);

        var task = f.Produce(TestBatches.Create(), acks: -1, timeoutMs: 60_000);
        f.Time.Advance(TimeSpan.FromMilliseconds(1));
        await f.Produce(TestBatches.Create(), acks: 1);
        f.Advance(30_499);

        // In one step the slow follower fetched the first batch (HW passes it) and left the ISR (lagging on the second).
        Assert.Equal(ErrorCode.NotEnoughReplicasAfterAppend, (await task).Error);
        Assert.Equal(2, f.Partition.IsrCount);
        Assert.Equal(1, f.Partition.HighWatermark);
        Assert.Equal(2, f.Partition.Log.LogEndOffset);
    }

    [Fact]
    public async Task IsolatedLeader_AcksAllWaitsUntilFollowersLeaveIsrThenCompletes()
    {
        using var f = new ClusterFixture();
        f.Partition.SetLeaderIsolated(true);

        var task = f.Produce(TestBatches.Create(), acks: -1, timeoutMs: 60_000);
        f.Advance(30_000);
        Assert.False(task.IsCompleted);
        f.Advance(1);

        Assert.Equal(ErrorCode.None, (await task).Error);
        Assert.Equal(1, f.Partition.IsrCount);
    }

    [Fact]
    public async Task CutLink_StopsReplicationToThatFollowerOnly()
    {
        using var f = new ClusterFixture();
        f.Cluster.SetLinkUp(f.Leader, f.Followers[0], up: false);

        await f.Produce(TestBatches.Create(), acks: 1);

        var s = f.Partition.Snapshot();
        Assert.Equal(0, s.Replicas.Single(r => r.BrokerId == f.Followers[0]).LogEndOffset);
        Assert.Equal(1, s.Replicas.Single(r => r.BrokerId == f.Followers[1]).LogEndOffset);

        f.Cluster.SetLinkUp(f.Leader, f.Followers[0], up: true);
        f.Advance(1);
        Assert.Equal(1, f.Partition.Snapshot().Replicas.Single(r => r.BrokerId == f.Followers[0]).LogEndOffset);
    }

    [Fact]
    public async Task Retention_DropsOldBatchesAdvancesLogStartAndEvictsTheirProducers()
    {
        var batch = TestBatches.Idempotent(1, 0, 0);
        using var f = new ClusterFixture(config: new TopicConfig { RetentionBytes = batch.Length * 2 });
        await f.Produce(batch, acks: 1);
        for (var i = 0; i < 3; i++)
        {
            await f.Produce(TestBatches.Create(), acks: 1);
        }

        var s = f.Partition.Snapshot();
        Assert.Equal(2, s.LogStartOffset);
        Assert.Empty(s.Producers);
        Assert.Equal(3, (await f.Produce(TestBatches.Create(), acks: 1)).LogStartOffset);
    }
}
