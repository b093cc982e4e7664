using Brook.Cluster.Model;

namespace Brook.Cluster.Tests.Model;

public sealed class LeaderEpochCacheTests
{
    [Fact]
    public void EndOffsetFor_LatestEpoch_AnswersTheLogEndOffset()
    {
        var cache = Cache((0, 0), (2, 10));

        Assert.Equal((2, 25L), cache.EndOffsetFor(2, 25));
    }

    [Fact]
    public void EndOffsetFor_OlderEpoch_EndsWhereTheNextHigherEpochStarts()
    {
        var cache = Cache((0, 0), (2, 10), (5, 17));

        Assert.Equal((0, 10L), cache.EndOffsetFor(0, 30));
        Assert.Equal((2, 17L), cache.EndOffsetFor(2, 30));
    }

    [Fact]
    public void EndOffsetFor_EpochThatNeverLed_AnswersTheLargestLowerEpoch()
    {
        var cache = Cache((0, 0), (2, 10), (5, 17));

        Assert.Equal((0, 10L), cache.EndOffsetFor(1, 30));
        Assert.Equal((2, 17L), cache.EndOffsetFor(4, 30));
    }

    [Fact]
    public void EndOffsetFor_UndefinedOrAboveEveryKnownEpoch_AnswersMinusOneMinusOne()
    {
        var cache = Cache((0, 0), (2, 10));

        Assert.Equal((-1, -1L), cache.EndOffsetFor(-1, 30));
        Assert.Equal((-1, -1L), cache.EndOffsetFor(3, 30));
        Assert.Equal((-1, -1L), new LeaderEpochCache().EndOffsetFor(0, 30));
    }

    [Fact]
    public void EndOffsetFor_EpochBelowEveryKnownOne_AnswersTheFirstKnownStart()
    {
        var cache = Cache((3, 40), (4, 50));

        Assert.Equal((1, 40L), cache.EndOffsetFor(1, 60));
    }

    [Fact]
    public void Assign_EpochWithoutRecords_IsReplacedByTheNextAtTheSameOffset()
    {
        var cache = Cache((0, 0), (1, 5));

        cache.Assign(2, 5);

        Assert.Equal([(0, 0L), (2, 5L)], Entries(cache));
    }

    [Fact]
    public void Assign_NotAboveTheLatestEpoch_IsIgnored()
    {
        var cache = Cache((0, 0), (3, 5));

        cache.Assign(3, 9);
        cache.Assign(1, 9);

        Assert.Equal([(0, 0L), (3, 5L)], Entries(cache));
    }

    [Fact]
    public void Assign_NegativeEpoch_ThrowsNamingTheValues()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new LeaderEpochCache().Assign(-1, 0));

        Assert.Contains("Epoch -1", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TruncateFromEnd_DropsEpochsStartingAtOrAboveTheNewEnd()
    {
        var cache = Cache((0, 0), (1, 10), (2, 20));

        cache.TruncateFromEnd(10);

        Assert.Equal([(0, 0L)], Entries(cache));
        Assert.Equal(0, cache.LatestEpoch);
    }

    [Fact]
    public void TruncateFromStart_KeepsTheEpochHoldingTheNewStartAndMovesItThere()
    {
        var cache = Cache((0, 0), (1, 10), (2, 20));

        cache.TruncateFromStart(15);

        Assert.Equal([(1, 15L), (2, 20L)], Entries(cache));
        Assert.Equal((0, 15L), cache.EndOffsetFor(0, 30));
        Assert.Equal((1, 20L), cache.EndOffsetFor(1, 30));
    }

    [Fact]
    public void TruncateFromStart_BelowTheFirstEntry_ChangesNothing()
    {
        var cache = Cache((1, 10), (2, 20));

        cache.TruncateFromStart(5);

        Assert.Equal([(1, 10L), (2, 20L)], Entries(cache));
    }

    private static LeaderEpochCache Cache(params (int Epoch, long Start)[] entries)
    {
        var cache = new LeaderEpochCache();
        foreach (var (epoch, start) in entries)
        {
            cache.Assign(epoch, start);
        }

        return cache;
    }

    private static List<(int, long)> Entries(LeaderEpochCache cache)
    {
        var list = new List<(int, long)>();
        for (var i = 0; i < cache.Count; i++)
        {
            list.Add(cache[i]);
        }

        return list;
    }
}
