using Brook.Cluster.Model;
using Brook.Protocol.Errors;

namespace Brook.Cluster.Tests.Model;

public sealed partial class PartitionStateTests
{
    private static long ListOffset(ClusterFixture f, long timestamp, out long found)
    {
        var error = f.Partition.ListOffset(f.Leader, -1, timestamp, out var offset, out found, out _);
        Assert.Equal(ErrorCode.None, error);
        return offset;
    }

    [Fact]
    public async Task ListOffset_EarliestAndLatest_AreLogStartAndHighWatermark()
    {
        using var f = new ClusterFixture();
        await f.Produce(TestBatches.Create(records: 3), acks: 1);
        f.Partition.SetFollowerPaused(f.Followers[0], true);
        await f.Produce(TestBatches.Create(records: 2), acks: 1);

        Assert.Equal(0, ListOffset(f, PartitionState.EarliestTimestamp, out _));
        Assert.Equal(3, ListOffset(f, PartitionState.LatestTimestamp, out _));
    }

    [Fact]
    public async Task ListOffset_ByTimestamp_FindsTheFirstRecordAtOrAfterIt()
    {
        const long t = TestBatches.BaseTimestamp;
        using var f = new ClusterFixture();
        await f.Produce(TestBatches.Create(records: 3, baseTimestamp: t, timestampStep: 1), acks: 1);
        await f.Produce(TestBatches.Create(records: 3, baseTimestamp: t + 10, timestampStep: 5), acks: 1);

        Assert.Equal(1, ListOffset(f, t + 1, out var found));
        Assert.Equal(t + 1, found);
        Assert.Equal(4, ListOffset(f, t + 11, out found));
        Assert.Equal(t + 15, found);
        Assert.Equal(3, ListOffset(f, t + 3, out _));
        Assert.Equal(-1, ListOffset(f, t + 100, out found));
        Assert.Equal(-1, found);
    }

    [Fact]
    public async Task ListOffset_MaxTimestamp_FindsTheRecordWithTheLargestTimestamp()
    {
        const long t = TestBatches.BaseTimestamp;
        using var f = new ClusterFixture();
        await f.Produce(TestBatches.Create(records: 3, baseTimestamp: t + 50, timestampStep: 1), acks: 1);
        await f.Produce(TestBatches.Create(records: 3, baseTimestamp: t, timestampStep: 1), acks: 1);

        Assert.Equal(2, ListOffset(f, PartitionState.MaxTimestampQuery, out var found));
        Assert.Equal(t + 52, found);
    }

    [Fact]
    public void ListOffset_OnAFollowerOrWithAStaleEpoch_Fails()
    {
        using var f = new ClusterFixture();
        f.Cluster.MoveLeader("t", 0, f.Followers[0]);

        Assert.Equal(ErrorCode.NotLeaderOrFollower, f.Partition.ListOffset(f.Followers[0], -1, -1, out _, out _, out _));
        Assert.Equal(ErrorCode.FencedLeaderEpoch, f.Partition.ListOffset(f.Leader, 0, -1, out _, out _, out _));
        Assert.Equal(ErrorCode.UnknownLeaderEpoch, f.Partition.ListOffset(f.Leader, 5, -1, out _, out _, out _));
    }
}
