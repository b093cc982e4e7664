using Brook.Producer.Internals;
using Brook.Producer.Partitioning;
using Brook.Tests.Shared;

namespace Brook.Producer.Tests.Partitioning;

public sealed class BuiltInPartitionerTests
{
    private const int BatchSize = 100;
    private static readonly PartitionAvailability AllThree = new(3, [0, 1, 2]);

    [Fact]
    public void NextPartition_WithoutStats_PicksAmongAvailableWithSeededRandom()
    {
        var partitioner = new BuiltInPartitioner("t", BatchSize, new RandomSource(11));
        var expected = new Random(11);
        int[] available = [1, 4];
        for (var i = 0; i < 50; i++)
        {
            var r = expected.Next() & 0x7FFFFFFF;
            Assert.Equal(available[r % 2], partitioner.NextPartition(new PartitionAvailability(6, available)));
        }
    }

    [Fact]
    public void NextPartition_NoLeaders_FallsBackToAllPartitions()
    {
        var partitioner = new BuiltInPartitioner("t", BatchSize, new RandomSource(3));
        var seen = new HashSet<int>();
        for (var i = 0; i < 200; i++)
        {
            seen.Add(partitioner.NextPartition(new PartitionAvailability(4, [])));
        }

        Assert.Equal([0, 1, 2, 3], seen.Order());
    }

    [Fact]
    public void UpdatePartitionInfo_BelowBatchSize_KeepsPartition()
    {
        var partitioner = new BuiltInPartitioner("t", BatchSize, new RandomSource(1));
        var info = partitioner.PeekCurrentPartitionInfo(AllThree);
        partitioner.UpdatePartitionInfo(info, 60, AllThree, enableSwitch: true);
        Assert.False(partitioner.IsPartitionChanged(info));
        Assert.Equal(info, partitioner.PeekCurrentPartitionInfo(AllThree));
        Assert.Equal(60, partitioner.ProducedBytes);
    }

    [Fact]
    public void UpdatePartitionInfo_AtBatchSizeWithSwitchAllowed_Switches()
    {
        var partitioner = new BuiltInPartitioner("t", BatchSize, new RandomSource(1));
        var info = partitioner.PeekCurrentPartitionInfo(AllThree);
        partitioner.UpdatePartitionInfo(info, 60, AllThree, enableSwitch: true);
        partitioner.UpdatePartitionInfo(info, 40, AllThree, enableSwitch: true);
        Assert.True(partitioner.IsPartitionChanged(info));
        Assert.Equal(info.Epoch + 1, partitioner.PeekCurrentPartitionInfo(AllThree).Epoch);
        Assert.Equal(0, partitioner.ProducedBytes);
    }

    [Fact]
    public void UpdatePartitionInfo_WithAReplacedChoice_CountsNothingForTheNewOne()
    {
        // Two appenders read the same choice; the first one's bytes switch it. The second one's late bytes belong to the
        // replaced choice (Java adds them to the old info object) and must not push the new choice towards its switch.
        var partitioner = new BuiltInPartitioner("t", BatchSize, new RandomSource(1));
        var read = partitioner.PeekCurrentPartitionInfo(AllThree);
        partitioner.UpdatePartitionInfo(read, 100, AllThree, enableSwitch: true);
        var next = partitioner.PeekCurrentPartitionInfo(AllThree);
        Assert.NotEqual(read, next);

        partitioner.UpdatePartitionInfo(read, 250, AllThree, enableSwitch: true);
        Assert.Equal(0, partitioner.ProducedBytes);
        Assert.False(partitioner.IsPartitionChanged(next));

        partitioner.UpdatePartitionInfo(next, 30, AllThree, enableSwitch: true);
        Assert.Equal(30, partitioner.ProducedBytes);
    }

    [Fact]
    public void UpdatePartitionInfo_SwitchingOncePerBatch_AllocatesNothing()
    {
        var partitioner = new BuiltInPartitioner("t", BatchSize, new RandomSource(1));
        SwitchRepeatedly(partitioner); // compiles the calls and the loop first: the JIT's allocations are not ours

        var rounds = 1;
        var allocated = ThreadAllocation.Quietest(() =>
        {
            SwitchRepeatedly(partitioner);
            rounds++;
        });

        Assert.Equal(0, allocated);
        Assert.Equal((rounds * 1_000) + 1, partitioner.PeekCurrentPartitionInfo(AllThree).Epoch);

        static void SwitchRepeatedly(BuiltInPartitioner partitioner)
        {
            for (var i = 0; i < 1_000; i++)
            {
                var info = partitioner.PeekCurrentPartitionInfo(AllThree);
                partitioner.UpdatePartitionInfo(info, BatchSize, AllThree, enableSwitch: true);
            }
        }
    }

    [Fact]
    public void UpdatePartitionInfo_SwitchNotAllowed_DefersUntilTwiceBatchSize()
    {
        var partitioner = new BuiltInPartitioner("t", BatchSize, new RandomSource(1));
        var info = partitioner.PeekCurrentPartitionInfo(AllThree);
        partitioner.UpdatePartitionInfo(info, 150, AllThree, enableSwitch: false);
        Assert.False(partitioner.IsPartitionChanged(info));

        // Deferred switch completed by a zero-byte update once the batch is full (producer-algorithms.md §2 step 3).
        partitioner.UpdatePartitionInfo(info, 0, AllThree, enableSwitch: true);
        Assert.True(partitioner.IsPartitionChanged(info));

        var next = partitioner.PeekCurrentPartitionInfo(AllThree);
        partitioner.UpdatePartitionInfo(next, 200, AllThree, enableSwitch: false);
        Assert.True(partitioner.IsPartitionChanged(next));
    }

    [Fact]
    public void PeekCurrentPartitionInfo_IsStableUntilSwitch()
    {
        var partitioner = new BuiltInPartitioner("t", BatchSize, new RandomSource(5));
        var first = partitioner.PeekCurrentPartitionInfo(AllThree);
        Assert.Equal(first, partitioner.PeekCurrentPartitionInfo(AllThree));
        Assert.Equal(1, first.Epoch);
        Assert.False(partitioner.IsPartitionChanged(null));
    }

    [Fact]
    public void UpdatePartitionLoadStats_BuildsCumulativeTableFromDocExample()
    {
        var partitioner = new BuiltInPartitioner("t", BatchSize, new RandomSource(1));
        partitioner.UpdatePartitionLoadStats([0, 3, 1], [0, 1, 2], 3, 3);
        var stats = partitioner.LoadStats;
        Assert.NotNull(stats);
        Assert.Equal([4, 5, 8], stats.CumulativeFrequencies);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(3, 0)]
    [InlineData(4, 1)]
    [InlineData(5, 2)]
    [InlineData(7, 2)]
    [InlineData(8, 0)]
    [InlineData(12, 1)]
    public void PickWeighted_PicksFirstSumStrictlyGreater(int random, int expectedIndex)
    {
        Assert.Equal(expectedIndex, BuiltInPartitioner.PickWeighted([4, 5, 8], 3, random));
    }

    [Fact]
    public void UpdatePartitionLoadStats_AllEqualOverAllPartitions_UsesUniform()
    {
        var partitioner = new BuiltInPartitioner("t", BatchSize, new RandomSource(1));
        partitioner.UpdatePartitionLoadStats([2, 2, 2], [0, 1, 2], 3, 3);
        Assert.Null(partitioner.LoadStats);
    }

    [Fact]
    public void UpdatePartitionLoadStats_AllEqualButPartitionExcluded_KeepsStats()
    {
        var partitioner = new BuiltInPartitioner("t", BatchSize, new RandomSource(1));
        partitioner.UpdatePartitionLoadStats([2, 2], [0, 2], 2, 3);
        var stats = partitioner.LoadStats;
        Assert.NotNull(stats);
        for (var i = 0; i < 100; i++)
        {
            Assert.NotEqual(1, partitioner.NextPartition(AllThree));
        }
    }

    [Fact]
    public void NextPartition_WithStats_FavoursShortQueues()
    {
        var partitioner = new BuiltInPartitioner("t", BatchSize, new RandomSource(99));
        partitioner.UpdatePartitionLoadStats([0, 9, 9], [0, 1, 2], 3, 3);
        var counts = new int[3];
        for (var i = 0; i < 1200; i++)
        {
            counts[partitioner.NextPartition(AllThree)]++;
        }

        // Weights 10, 1, 1: partition 0 should take the large majority.
        Assert.True(counts[0] > 5 * counts[1] && counts[0] > 5 * counts[2], string.Join(",", counts));
        Assert.True(counts[1] > 0 && counts[2] > 0);
    }

    [Fact]
    public void UpdatePartitionLoadStats_Null_ReturnsToUniform()
    {
        var partitioner = new BuiltInPartitioner("t", BatchSize, new RandomSource(1));
        partitioner.UpdatePartitionLoadStats([0, 3], [0, 1], 2, 2);
        partitioner.UpdatePartitionLoadStats(null, [], 0, 2);
        Assert.Null(partitioner.LoadStats);
    }

    [Fact]
    public void UpdatePartitionLoadStats_Repeated_RewritesOneTableWithoutAllocating()
    {
        var partitioner = new BuiltInPartitioner("t", BatchSize, new RandomSource(1));
        int[] sizes = [0, 3, 1];
        int[] ids = [0, 1, 2];
        partitioner.UpdatePartitionLoadStats(sizes, ids, 3, 3);
        var table = partitioner.LoadStats;

        var allocated = ThreadAllocation.Quietest(() =>
        {
            for (var i = 0; i < 1000; i++)
            {
                sizes[0] = i & 3; // the caller's arrays stay its own: it rewrites them every ready check
                partitioner.UpdatePartitionLoadStats(sizes, ids, 3, 3);
                partitioner.UpdatePartitionLoadStats(null, ids, 0, 3); // cleared, then published again
                partitioner.UpdatePartitionLoadStats(sizes, ids, 3, 3);
            }
        });

        Assert.Equal(0, allocated);
        Assert.Same(table, partitioner.LoadStats);
        Assert.Equal([1, 2, 5], table!.CumulativeFrequencies); // last sizes 3, 3, 1 (999 & 3): weights 1, 1, 3
        Assert.Equal([3, 3, 1], sizes); // copied, not rewritten in place
    }
}
