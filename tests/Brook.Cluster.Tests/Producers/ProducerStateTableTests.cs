using Brook.Cluster.Producers;

namespace Brook.Cluster.Tests.Producers;

public sealed class ProducerStateTableTests
{
    private static ProducerStateTable WithBatches(short epoch, params (int First, int Last)[] batches)
    {
        var table = new ProducerStateTable();
        long offset = 0;
        foreach (var (first, last) in batches)
        {
            var count = last >= first ? last - first + 1 : (int)((long)int.MaxValue - first + 1 + last + 1);
            table.Record(7, epoch, new ProducerBatchMetadata(first, last, offset, offset + count - 1, -1), 0);
            offset += count;
        }

        return table;
    }

    [Fact]
    public void Check_UnknownProducer_AcceptsAnySequence()
    {
        var table = new ProducerStateTable();

        Assert.Equal(ProducerCheck.Append, table.Check(7, 0, 1234, 1240, out _));
    }

    [Fact]
    public void Check_NextSequence_Appends()
    {
        var table = WithBatches(0, (0, 4));

        Assert.Equal(ProducerCheck.Append, table.Check(7, 0, 5, 9, out _));
    }

    [Fact]
    public void Check_DuplicateInWindow_ReturnsOriginalOffsets()
    {
        var table = WithBatches(0, (0, 4), (5, 9), (10, 14));

        Assert.Equal(ProducerCheck.Duplicate, table.Check(7, 0, 5, 9, out var original));
        Assert.Equal(5, original.FirstOffset);
        Assert.Equal(9, original.LastOffset);
    }

    [Fact]
    public void Check_DuplicateOlderThanFiveBatches_IsOutOfOrder()
    {
        var table = WithBatches(0, (0, 0), (1, 1), (2, 2), (3, 3), (4, 4), (5, 5));

        Assert.Equal(ProducerCheck.OutOfOrderSequence, table.Check(7, 0, 0, 0, out _));
        Assert.Equal(ProducerCheck.Duplicate, table.Check(7, 0, 1, 1, out _));
    }

    [Fact]
    public void Check_SameFirstSequenceDifferentLast_IsNotADuplicate()
    {
        var table = WithBatches(0, (0, 4));

        Assert.Equal(ProducerCheck.OutOfOrderSequence, table.Check(7, 0, 0, 2, out _));
    }

    [Fact]
    public void Check_Gap_IsOutOfOrder()
    {
        var table = WithBatches(0, (0, 4));

        Assert.Equal(ProducerCheck.OutOfOrderSequence, table.Check(7, 0, 6, 6, out _));
    }

    [Fact]
    public void Check_LowerEpoch_IsInvalidEpoch()
    {
        var table = WithBatches(3, (0, 4));

        Assert.Equal(ProducerCheck.InvalidProducerEpoch, table.Check(7, 2, 5, 5, out _));
    }

    [Fact]
    public void Check_DuplicateWithOtherEpoch_IsNotADuplicate()
    {
        var table = WithBatches(3, (0, 4));

        Assert.Equal(ProducerCheck.InvalidProducerEpoch, table.Check(7, 2, 0, 4, out _));
    }

    [Fact]
    public void Check_HigherEpoch_MustStartAtZero()
    {
        var table = WithBatches(0, (0, 4));

        Assert.Equal(ProducerCheck.OutOfOrderSequence, table.Check(7, 1, 5, 5, out _));
        Assert.Equal(ProducerCheck.Append, table.Check(7, 1, 0, 0, out _));
    }

    [Fact]
    public void Record_NewEpoch_ReplacesTheWindow()
    {
        var table = WithBatches(0, (0, 4), (5, 9));
        table.Record(7, 1, new ProducerBatchMetadata(0, 0, 10, 10, -1), 0);

        Assert.True(table.TryGet(7, out var entry));
        Assert.Equal(1, entry.Count);
        Assert.Equal(1, entry.Epoch);
    }

    [Fact]
    public void Check_SequenceWrapsPastIntMax()
    {
        var table = WithBatches(0, (int.MaxValue - 1, int.MaxValue));

        Assert.Equal(ProducerCheck.Append, table.Check(7, 0, 0, 3, out _));
        Assert.Equal(ProducerCheck.OutOfOrderSequence, table.Check(7, 0, 1, 3, out _));
    }

    [Fact]
    public void Check_BatchSpanningTheWrap_ThenFollowsFromItsLastSequence()
    {
        var table = WithBatches(0, (int.MaxValue - 1, 1));

        Assert.Equal(ProducerCheck.Append, table.Check(7, 0, 2, 2, out _));
        Assert.Equal(ProducerCheck.Duplicate, table.Check(7, 0, int.MaxValue - 1, 1, out _));
    }

    [Fact]
    public void Evict_DropsProducersBelowLogStartOrIdle()
    {
        var table = new ProducerStateTable();
        table.Record(1, 0, new ProducerBatchMetadata(0, 0, 0, 0, -1), appendTimeMs: 100);
        table.Record(2, 0, new ProducerBatchMetadata(0, 0, 1, 1, -1), appendTimeMs: 100);
        table.Record(3, 0, new ProducerBatchMetadata(0, 0, 2, 2, -1), appendTimeMs: 500);

        Assert.Equal(1, table.Evict(logStartOffset: 1, expireBeforeMs: 0));
        Assert.False(table.TryGet(1, out _));
        Assert.Equal(1, table.Evict(logStartOffset: 0, expireBeforeMs: 200));
        Assert.False(table.TryGet(2, out _));
        Assert.True(table.TryGet(3, out _));
    }

    [Fact]
    public void Sequences_AddWrapsAndFollowsMatchesKafka()
    {
        Assert.Equal(4, Sequences.Add(0, 4));
        Assert.Equal(0, Sequences.Add(int.MaxValue, 1));
        Assert.Equal(2, Sequences.Add(int.MaxValue - 1, 4));
        Assert.True(Sequences.Follows(int.MaxValue, 0));
        Assert.True(Sequences.Follows(-1, 0));
        Assert.False(Sequences.Follows(5, 7));
    }

    [Fact]
    public void ProducerIdAllocator_HandsOutDistinctIncreasingIds()
    {
        var allocator = new ProducerIdAllocator(firstId: 1000);

        Assert.Equal(1000, allocator.Next());
        Assert.Equal(1001, allocator.Next());
        var many = new long[1000];
        Parallel.For(0, many.Length, i => many[i] = allocator.Next());
        Assert.Equal(1000, many.Distinct().Count());
    }
}
