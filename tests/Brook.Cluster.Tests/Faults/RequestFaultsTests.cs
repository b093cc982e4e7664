using Brook.Cluster.Faults;
using Brook.Protocol.Errors;

namespace Brook.Cluster.Tests.Faults;

public sealed class RequestFaultsTests
{
    [Fact]
    public void TryTake_ConsumesAFaultForItsCountThenLetsRequestsThrough()
    {
        var faults = new RequestFaults();
        faults.Add(new RequestFault { ApiKey = 0, Error = ErrorCode.NotLeaderOrFollower, Count = 2 });

        Assert.True(faults.TryTake(0, 1, null, 0, out var first));
        Assert.Equal(ErrorCode.NotLeaderOrFollower, first.Error);
        Assert.True(faults.TryTake(0, 2, null, 0, out _));
        Assert.False(faults.TryTake(0, 1, null, 0, out _));
        Assert.Equal(0, faults.Count);
    }

    [Fact]
    public void TryTake_MatchesApiKeyAndBrokerFilters()
    {
        var faults = new RequestFaults();
        faults.Add(new RequestFault { ApiKey = 0, BrokerId = 2, Action = FaultAction.DisconnectAfterAppend });

        Assert.False(faults.TryTake(3, 2, null, 0, out _));
        Assert.False(faults.TryTake(0, 1, null, 0, out _));
        Assert.True(faults.TryTake(0, 2, null, 0, out var f));
        Assert.Equal(FaultAction.DisconnectAfterAppend, f.Action);
    }

    [Fact]
    public void TryTake_PartitionFaultsMatchOnlyThatPartition()
    {
        var faults = new RequestFaults();
        faults.Add(new RequestFault { ApiKey = 0, Topic = "t", Partition = 1, Error = ErrorCode.NotEnoughReplicas });

        Assert.False(faults.TryTake(0, 0, null, 0, out _));
        Assert.False(faults.TryTake(0, 0, "t", 0, out _));
        Assert.True(faults.TryTake(0, 0, "t", 1, out _));
    }

    [Fact]
    public void TryTake_UntilRemovedFaultStaysUntilClear()
    {
        var faults = new RequestFaults();
        faults.Add(new RequestFault { ApiKey = 0, Action = FaultAction.SwallowResponse, Count = -1 });

        for (var i = 0; i < 10; i++)
        {
            Assert.True(faults.TryTake(0, 0, null, 0, out _));
        }

        faults.Clear();
        Assert.False(faults.TryTake(0, 0, null, 0, out _));
    }

    [Fact]
    public void TryTake_InInsertionOrder()
    {
        var faults = new RequestFaults();
        faults.Add(new RequestFault { ApiKey = 0, Error = ErrorCode.RequestTimedOut });
        faults.Add(new RequestFault { ApiKey = 0, Action = FaultAction.Delay, DelayMs = 50 });

        Assert.True(faults.TryTake(0, 0, null, 0, out var a));
        Assert.True(faults.TryTake(0, 0, null, 0, out var b));
        Assert.Equal(ErrorCode.RequestTimedOut, a.Error);
        Assert.Equal(50, b.DelayMs);
    }

    [Fact]
    public void Add_InconsistentFault_ThrowsNamingTheProblem()
    {
        var faults = new RequestFaults();

        Assert.Contains("non-zero Error", Assert.Throws<ArgumentException>(() => faults.Add(new RequestFault { ApiKey = 0 })).Message, StringComparison.Ordinal);
        Assert.Contains("Partition needs Topic", Assert.Throws<ArgumentException>(() => faults.Add(new RequestFault { ApiKey = 0, Action = FaultAction.Delay, Partition = 1 })).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => faults.Add(new RequestFault { ApiKey = 0, Action = FaultAction.Delay, Count = 0 }));
    }

    [Fact]
    public void LatencyMs_SumsBrokerAndApiLatencyWithSeededJitter()
    {
        var a = new RequestFaults();
        var b = new RequestFaults();
        foreach (var faults in new[] { a, b })
        {
            faults.SeedJitter(7);
            faults.SetBrokerLatency(1, 100, jitterMs: 20);
            faults.SetApiLatency(0, 5);
        }

        Assert.Equal(0, a.LatencyMs(0, 3));
        Assert.Equal(5, a.LatencyMs(0, 0));
        var seq = Enumerable.Range(0, 20).Select(_ => a.LatencyMs(1, 3)).ToArray();
        Assert.All(seq, ms => Assert.InRange(ms, 100, 120));
        Assert.Equal(seq, Enumerable.Range(0, 20).Select(_ => b.LatencyMs(1, 3)));
        Assert.True(seq.Distinct().Count() > 1);
    }

    [Fact]
    public void MaxVersion_CapsOnlyDownward()
    {
        var faults = new RequestFaults();
        faults.CapVersion(0, 7);

        Assert.Equal(7, faults.MaxVersion(0, 11));
        Assert.Equal(5, faults.MaxVersion(0, 5));
        Assert.Equal(12, faults.MaxVersion(3, 12));
    }
}
