using Brook.Cluster.Model;
using Brook.Protocol.Errors;

namespace Brook.Cluster.Tests.Model;

public sealed partial class PartitionStateTests
{
    [Fact]
    public async Task EndOffsetForEpoch_AfterLeaderMoves_EachEpochEndsWhereTheNextStarted()
    {
        using var f = new ClusterFixture();
        await f.Produce(TestBatches.Create(records: 3), acks: -1);
        f.Cluster.MoveLeader("t", 0, f.Followers[0]);
        await f.Produce(TestBatches.Create(records: 2), acks: -1);
        f.Cluster.MoveLeader("t", 0, f.Followers[0]);

        Assert.Equal([(0, 0L), (1, 3L), (2, 5L)], f.Partition.Snapshot().LeaderEpochs);
        Assert.Equal((0, 3L), Ask(f, 0));
        Assert.Equal((1, 5L), Ask(f, 1));
        Assert.Equal((2, 5L), Ask(f, 2));
        await f.Produce(TestBatches.Create(records: 4), acks: 1);
        Assert.Equal((2, 9L), Ask(f, 2));
    }

    [Fact]
    public async Task EndOffsetForEpoch_AfterTruncation_TheLostEpochEndsAtTheNewLeadersEnd()
    {
        using var f = new ClusterFixture();
        await f.Produce(TestBatches.Create(records: 2), acks: -1);
        f.Cluster.MoveLeader("t", 0, f.Followers[0]);
        f.Partition.SetFollowerPaused(f.Followers[0], true);
        f.Partition.SetFollowerPaused(f.Followers[1], true);
        await f.Produce(TestBatches.Create(records: 3), acks: 1);

        f.Cluster.MoveLeader("t", 0, f.Followers[0]);

        // Epoch 1's three unreplicated records are gone; a consumer that read them learns epoch 1 ended at 2.
        Assert.Equal([(0, 0L), (2, 2L)], f.Partition.Snapshot().LeaderEpochs);
        Assert.Equal((0, 2L), Ask(f, 1));
    }

    [Fact]
    public async Task EndOffsetForEpoch_UnknownEpoch_AnswersMinusOneWithoutError()
    {
        using var f = new ClusterFixture();
        await f.Produce(TestBatches.Create(), acks: 1);

        Assert.Equal(ErrorCode.None, f.Partition.EndOffsetForEpoch(f.Leader, -1, 7, true, out var epoch, out var end));
        Assert.Equal((-1, -1L), (epoch, end));
        Assert.Equal(ErrorCode.None, f.Partition.EndOffsetForEpoch(f.Leader, -1, -1, true, out epoch, out end));
        Assert.Equal((-1, -1L), (epoch, end));
    }

    [Fact]
    public void EndOffsetForEpoch_CurrentLeaderEpochMismatch_IsFencedOrUnknown()
    {
        using var f = new ClusterFixture();
        f.Cluster.MoveLeader("t", 0, f.Followers[0]);

        Assert.Equal(ErrorCode.FencedLeaderEpoch, f.Partition.EndOffsetForEpoch(f.Leader, 0, 0, true, out _, out _));
        Assert.Equal(ErrorCode.UnknownLeaderEpoch, f.Partition.EndOffsetForEpoch(f.Leader, 2, 0, true, out _, out _));
        Assert.Equal(ErrorCode.None, f.Partition.EndOffsetForEpoch(f.Leader, 1, 0, true, out _, out _));
    }

    [Fact]
    public async Task EndOffsetForEpoch_OnAFollower_IsNotLeaderUnlessDebugThenUsesItsOwnEnd()
    {
        using var f = new ClusterFixture();
        var follower = f.Followers[0];
        await f.Produce(TestBatches.Create(records: 2), acks: -1);
        f.Partition.SetFollowerPaused(follower, true);
        await f.Produce(TestBatches.Create(records: 2), acks: 1);

        Assert.Equal(ErrorCode.NotLeaderOrFollower, f.Partition.EndOffsetForEpoch(follower, -1, 0, true, out _, out _));
        Assert.Equal(ErrorCode.None, f.Partition.EndOffsetForEpoch(follower, -1, 0, false, out var epoch, out var end));
        Assert.Equal((0, 2L), (epoch, end));
    }

    [Fact]
    public async Task Retention_MovesTheFirstEpochsStartToTheLogStart()
    {
        var batch = TestBatches.Create();
        using var f = new ClusterFixture(config: new TopicConfig { RetentionBytes = batch.Length * 2 });
        for (var i = 0; i < 4; i++)
        {
            await f.Produce(TestBatches.Create(), acks: 1);
        }

        var s = f.Partition.Snapshot();
        Assert.Equal([(0, s.LogStartOffset)], s.LeaderEpochs);
        Assert.True(s.LogStartOffset > 0);
    }

    private static (int Epoch, long End) Ask(ClusterFixture f, int epoch)
    {
        Assert.Equal(ErrorCode.None, f.Partition.EndOffsetForEpoch(f.Leader, -1, epoch, true, out var found, out var end));
        return (found, end);
    }
}
