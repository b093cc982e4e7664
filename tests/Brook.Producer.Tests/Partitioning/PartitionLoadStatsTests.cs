using Brook.Producer.Partitioning;

namespace Brook.Producer.Tests.Partitioning;

public sealed class PartitionLoadStatsTests
{
    [Fact]
    public void Write_BuildsRunningSumsOfMaxPlusOneMinusSize()
    {
        var stats = new PartitionLoadStats(4);
        stats.Write([0, 3, 1], [5, 6, 7], max: 3);

        Assert.Equal(3, stats.Length);
        Assert.Equal([4, 5, 8], stats.CumulativeFrequencies.AsSpan(0, 3).ToArray());
        Assert.Equal([5, 6, 7], stats.PartitionIds.AsSpan(0, 3).ToArray());
    }

    [Fact]
    public void Write_Again_OverwritesInPlaceAndShrinksLength()
    {
        var stats = new PartitionLoadStats(3);
        var frequencies = stats.CumulativeFrequencies;
        stats.Write([0, 3, 1], [0, 1, 2], max: 3);
        stats.Write([2, 0], [2, 0], max: 2);

        Assert.Same(frequencies, stats.CumulativeFrequencies);
        Assert.Equal(2, stats.Length);
        Assert.True(stats.TryPick(0, out var partition));
        Assert.Equal(2, partition); // weights 1, 3: random 0 falls in the first entry
        Assert.True(stats.TryPick(1, out partition));
        Assert.Equal(0, partition);
    }

    [Fact]
    public void TryPick_BeforeAnyWrite_ReturnsFalse()
    {
        Assert.False(new PartitionLoadStats(3).TryPick(5, out _));
    }

    [Fact(Timeout = 60_000)]
    public async Task TryPick_WhileTheWriterRewrites_NeverSeesAHalfWrittenTable()
    {
        // The writer alternates two tables: A (ids 10, 11, 12; sums 1, 1002, 1003) and B (ids 20, 21; sums 1, 2). Every
        // successful pick must be what A or B alone gives for that random number; a half-written table (B's length or
        // sums with A's ids, or a mix of both sums) gives other answers for many random numbers.
        var stats = new PartitionLoadStats(3);
        stats.Write([1000, 0, 1000], [10, 11, 12], max: 1000);
        using var stop = new CancellationTokenSource();
        var writer = Task.Run(
            () =>
            {
                var flip = false;
                while (!stop.IsCancellationRequested)
                {
                    if (flip)
                    {
                        stats.Write([1000, 0, 1000], [10, 11, 12], max: 1000);
                    }
                    else
                    {
                        stats.Write([1000, 1000], [20, 21], max: 1000);
                    }

                    flip = !flip;
                }
            },
            TestContext.Current.CancellationToken);

        int[] idsA = [10, 11, 12];
        int[] sumsA = [1, 1002, 1003];
        int[] idsB = [20, 21];
        int[] sumsB = [1, 2];
        var random = new Random(7);
        var picks = 0;
        try
        {
            for (var i = 0; i < 100_000; i++)
            {
                var r = random.Next() & 0x7FFFFFFF;
                if (stats.TryPick(r, out var partition))
                {
                    picks++;
                    var fromA = idsA[BuiltInPartitioner.PickWeighted(sumsA, 3, r)];
                    var fromB = idsB[BuiltInPartitioner.PickWeighted(sumsB, 2, r)];
                    Assert.True(partition == fromA || partition == fromB, $"random {r}: picked {partition}, A gives {fromA}, B gives {fromB}");
                }
            }
        }
        finally
        {
            // Also when an assertion fails: a writer left spinning would take a core from every later test.
            await stop.CancelAsync();
        }

        Assert.True(picks > 0);
        await writer.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
    }
}
