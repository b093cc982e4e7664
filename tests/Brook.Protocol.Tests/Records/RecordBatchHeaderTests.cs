using System.Buffers.Binary;
using Brook.Protocol.Compression;
using Brook.Protocol.Records;
using Brook.Tests.Shared;

namespace Brook.Protocol.Tests.Records;

public sealed class RecordBatchHeaderTests
{
    [Fact]
    public void ReadAndValidate_GoldenB2_ParsesEveryField()
    {
        var header = RecordBatchHeader.ReadAndValidate(GoldenBatches.B2);
        Assert.Equal(0, header.BaseOffset);
        Assert.Equal(0x4b, header.BatchLength);
        Assert.Equal(87, header.TotalSize);
        Assert.Equal(-1, header.PartitionLeaderEpoch);
        Assert.Equal(2, header.Magic);
        Assert.Equal(0x375FF59Eu, header.Crc);
        Assert.Equal(0, header.Attributes);
        Assert.Equal(1, header.LastOffsetDelta);
        Assert.Equal(GoldenBatches.Timestamp, header.BaseTimestamp);
        Assert.Equal(GoldenBatches.Timestamp + 5, header.MaxTimestamp);
        Assert.Equal(1000, header.ProducerId);
        Assert.Equal(0, header.ProducerEpoch);
        Assert.Equal(0, header.BaseSequence);
        Assert.Equal(2, header.RecordCount);
        Assert.Equal(1, header.LastOffset);
    }

    [Theory]
    [InlineData(0, 0, 0)]
    [InlineData(5, 3, 8)]
    [InlineData(int.MaxValue, 1, 0)]
    [InlineData(int.MaxValue - 1, 3, 1)]
    [InlineData(int.MaxValue, int.MaxValue, int.MaxValue - 1)]
    public void AddSequence_WrapsFromMaxToZero(int sequence, int increment, int expected) =>
        Assert.Equal(expected, RecordBatchHeader.AddSequence(sequence, increment));

    [Fact]
    public void LastSequence_BaseNearMax_Wraps()
    {
        using var builder = new RecordBatchBuilder(16384);
        for (var i = 0; i < 3; i++)
        {
            builder.TryAppend(i, null, null);
        }

        var header = RecordBatchHeader.Read(builder.Seal(1, 0, int.MaxValue, false).Span);
        Assert.Equal(int.MaxValue, header.BaseSequence);
        Assert.Equal(1, header.LastSequence);
    }

    [Fact]
    public void SetBaseOffsetAndLeaderEpoch_KeepCrcValidAndShiftOffsets()
    {
        var batch = (byte[])GoldenBatches.B2.Clone();
        RecordBatchHeader.SetBaseOffset(batch, 1234567);
        RecordBatchHeader.SetPartitionLeaderEpoch(batch, 9);
        var header = RecordBatchHeader.ReadAndValidate(batch);
        Assert.Equal(1234567, header.BaseOffset);
        Assert.Equal(1234568, header.LastOffset);
        Assert.Equal(9, header.PartitionLeaderEpoch);
        Assert.Equal(0x375FF59Eu, header.Crc);
        using var reader = RecordBatchReader.Open(batch);
        var e = reader.GetEnumerator();
        e.MoveNext();
        e.MoveNext();
        Assert.Equal(1234568, e.Current.Offset);
    }

    [Fact]
    public void SetLogAppendTime_RecomputesCrcAndOverridesRecordTimestamps()
    {
        var batch = (byte[])GoldenBatches.B2.Clone();
        RecordBatchHeader.SetLogAppendTime(batch, 1800000000000);
        var header = RecordBatchHeader.ReadAndValidate(batch);
        Assert.Equal(TimestampType.LogAppendTime, header.TimestampType);
        Assert.Equal(1800000000000, header.MaxTimestamp);
        Assert.Equal(GoldenBatches.Timestamp, header.BaseTimestamp);
        Assert.NotEqual(0x375FF59Eu, header.Crc);
        using var reader = RecordBatchReader.Open(batch);
        foreach (var record in reader)
        {
            Assert.Equal(1800000000000, record.Timestamp);
        }
    }

    [Fact]
    public void ReadAndValidate_Truncated_ThrowsNamingTruncation()
    {
        var error = Assert.Throws<ProtocolException>(() => RecordBatchHeader.ReadAndValidate(GoldenBatches.B1.AsSpan(0, 72)));
        Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ShorterThanHeader_Throws() =>
        Assert.Throws<ProtocolException>(() => RecordBatchHeader.Read(GoldenBatches.B1.AsSpan(0, 60)));

    [Fact]
    public void Read_Magic1_ThrowsNamingMagic()
    {
        var batch = (byte[])GoldenBatches.B1.Clone();
        batch[16] = 1;
        var error = Assert.Throws<ProtocolException>(() => RecordBatchHeader.Read(batch));
        Assert.Contains("magic", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_BatchLengthBelowMinimum_Throws()
    {
        var batch = (byte[])GoldenBatches.B1.Clone();
        BinaryPrimitives.WriteInt32BigEndian(batch.AsSpan(8), 48);
        Assert.Throws<ProtocolException>(() => RecordBatchHeader.Read(batch));
    }

    [Fact]
    public void ReadAndValidate_UnknownCodecOrNegativeCount_Throws()
    {
        var codec = (byte[])GoldenBatches.B1.Clone();
        codec[22] = 0x07;
        RecordBatchHeader.WriteCrc(codec);
        Assert.Throws<ProtocolException>(() => RecordBatchHeader.ReadAndValidate(codec));

        var count = (byte[])GoldenBatches.B1.Clone();
        BinaryPrimitives.WriteInt32BigEndian(count.AsSpan(57), -1);
        RecordBatchHeader.WriteCrc(count);
        Assert.Throws<ProtocolException>(() => RecordBatchHeader.ReadAndValidate(count));
    }

    [Fact]
    public void ReadAndValidate_TrailingBytes_AreIgnored()
    {
        byte[] withTail = [.. GoldenBatches.B1, 1, 2, 3];
        Assert.Equal(73, RecordBatchHeader.ReadAndValidate(withTail).TotalSize);
    }

    [Fact]
    public void Attributes_FlagsDecode()
    {
        var header = RecordBatchHeader.Read(GoldenBatches.B3);
        Assert.True(header.IsControl);
        Assert.True(header.IsTransactional);
        Assert.False(header.HasDeleteHorizon);
        Assert.Equal(CompressionType.None, header.Compression);
    }

    [Fact]
    public void ReadAndValidate_SteadyState_AllocatesNothing()
    {
        var batch = (byte[])GoldenBatches.B2.Clone();
        RecordBatchHeader.ReadAndValidate(batch);
        var allocated = ThreadAllocation.Quietest(() =>
        {
            for (var i = 0; i < 100; i++)
            {
                RecordBatchHeader.ReadAndValidate(batch);
                RecordBatchHeader.SetBaseOffset(batch, i);
                RecordBatchHeader.SetLogAppendTime(batch, i);
            }
        });

        Assert.Equal(0, allocated);
    }
}
