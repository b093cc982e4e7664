using Brook.Cluster.Faults;
using Brook.Protocol.Errors;

namespace Brook.Cluster.Tests.Model;

public sealed partial class ClusterStateTests
{
    private static IReadOnlyList<ChaosEvent> RunChaos(int seed, ChaosKinds kinds = ChaosKinds.All)
    {
        using var f = new ClusterFixture(partitions: 4);
        f.Cluster.CreateTopic("u", partitions: 3);
        f.Cluster.StartChaos(new ChaosOptions { Seed = seed, Kinds = kinds, MeanIntervalMs = 100, FaultDurationMs = 150 });
        for (var i = 0; i < 100; i++)
        {
            f.Advance(20);
        }

        return f.Cluster.ChaosLog;
    }

    [Fact]
    public void Chaos_SameSeed_InjectsTheSameFaultsAtTheSameTimes()
    {
        var a = RunChaos(11);
        var b = RunChaos(11);
        var c = RunChaos(12);

        Assert.True(a.Count >= 10, $"only {a.Count} faults");
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void Chaos_OnlyEnabledKinds()
    {
        var events = RunChaos(3, ChaosKinds.LeaderMove | ChaosKinds.FollowerPause);

        Assert.NotEmpty(events);
        Assert.All(events, e => Assert.True(e.Kind is ChaosKinds.LeaderMove or ChaosKinds.FollowerPause));
    }

    [Fact]
    public void Chaos_BrokerBounce_BringsTheBrokerBackAfterTheDuration()
    {
        using var f = new ClusterFixture();
        f.Cluster.StartChaos(new ChaosOptions { Seed = 1, Kinds = ChaosKinds.BrokerBounce, MeanIntervalMs = 1000, FaultDurationMs = 100 });

        f.Advance(1500);
        var bounce = Assert.Single(f.Cluster.ChaosLog);
        var downFor = f.Time.GetUtcNow().ToUnixTimeMilliseconds() - bounce.AtMs;
        Assert.Equal(downFor >= 100, f.Cluster.Brokers[bounce.BrokerId].IsUp);
        f.Cluster.StopChaos();
        Assert.All(f.Cluster.Brokers, b => Assert.True(b.IsUp));
    }

    [Fact]
    public void Chaos_ProduceErrors_AreQueuedAsRequestFaults()
    {
        using var f = new ClusterFixture();
        f.Cluster.StartChaos(new ChaosOptions { Seed = 5, Kinds = ChaosKinds.ProduceError, MeanIntervalMs = 10 });

        f.Advance(15);

        var ev = Assert.Single(f.Cluster.ChaosLog);
        Assert.True(f.Cluster.Faults.TryTake(0, ev.BrokerId, null, 0, out var fault));
        Assert.Equal(ErrorCode.NotLeaderOrFollower, fault.Error);
    }

    [Fact]
    public async Task Ticker_OnTheFakeClock_DrivesLaggingReplication()
    {
        using var f = new ClusterFixture(configure: o => o with { FollowerReplicationLagMs = 100 });
        f.Cluster.StartTicker(10);

        var task = f.Produce(TestBatches.Create(), acks: -1);
        f.Time.Advance(TimeSpan.FromMilliseconds(110));

        Assert.Equal(ErrorCode.None, (await task).Error);
    }
}
