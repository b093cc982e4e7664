using System.Buffers.Binary;
using Brook.Protocol.Records;

namespace Brook.Protocol.Tests.Records;

public sealed class RecordBatchIteratorTests
{
    [Fact]
    public void MoveNext_ConcatenatedBatchesWithPartialTail_YieldsCompleteBatchesAndSkipsTail()
    {
        byte[] blob = [.. GoldenBatches.B1, .. GoldenBatches.B2, .. GoldenBatches.B3, .. GoldenBatches.B2.AsSpan(0, 40)];
        var sizes = new List<int>();
        var iterator = new RecordBatchIterator(blob);
        while (iterator.MoveNext())
        {
            sizes.Add(iterator.Current.Length);
            using var reader = RecordBatchReader.Open(iterator.Current);
            Assert.Equal(iterator.CurrentHeader.RecordCount, reader.ValidateRecords());
        }

        Assert.Equal([73, 87, 78], sizes);
        Assert.Equal(40, iterator.RemainingBytes);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(11)]
    [InlineData(12)]
    [InlineData(16)]
    [InlineData(60)]
    [InlineData(72)]
    public void MoveNext_OnlyPartialBatch_YieldsNothing(int length)
    {
        var iterator = new RecordBatchIterator(GoldenBatches.B1.AsSpan(0, length));
        Assert.False(iterator.MoveNext());
        Assert.Equal(length, iterator.RemainingBytes);
    }

    [Fact]
    public void MoveNext_ForeachOverThreeBatches_CountsThree()
    {
        byte[] blob = [.. GoldenBatches.B3, .. GoldenBatches.B3, .. GoldenBatches.B1];
        var count = 0;
        foreach (var batch in new RecordBatchIterator(blob))
        {
            Assert.Equal(2, batch[16]);
            count++;
        }

        Assert.Equal(3, count);
    }

    [Fact]
    public void MoveNext_LengthBelowMinimum_Throws()
    {
        var blob = (byte[])GoldenBatches.B1.Clone();
        BinaryPrimitives.WriteInt32BigEndian(blob.AsSpan(8), 10);
        Assert.Throws<ProtocolException>(() => new RecordBatchIterator(blob).MoveNext());
    }

    [Fact]
    public void MoveNext_OldMagic_Throws()
    {
        var blob = (byte[])GoldenBatches.B1.Clone();
        blob[16] = 1;
        var error = Assert.Throws<ProtocolException>(() => new RecordBatchIterator(blob).MoveNext());
        Assert.Contains("magic", error.Message, StringComparison.Ordinal);
    }
}
