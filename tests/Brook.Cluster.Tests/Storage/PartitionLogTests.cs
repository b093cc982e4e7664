using System.Buffers.Binary;
using System.Buffers;
using Brook.Cluster.Storage;
using Brook.Protocol.Records;
using Brook.Protocol;

namespace Brook.Cluster.Tests.Storage;

public sealed class PartitionLogTests
{
    private static PartitionLog NewLog() => new(ArrayPool<byte>.Create(4 * 1024 * 1024, 16));

    private static void Append(PartitionLog log, byte[] batch, int epoch = 0, long time = 0, bool logAppendTime = false) =>
        log.Append(batch, RecordBatchHeader.Read(batch), epoch, time, logAppendTime);

    [Fact]
    public void Append_AssignsConsecutiveOffsetsAndRewritesBaseOffsetAndEpoch()
    {
        using var log = NewLog();
        Append(log, TestBatches.Create(records: 3), epoch: 7);
        Append(log, TestBatches.Create(records: 2), epoch: 7);

        Assert.Equal(5, log.LogEndOffset);
        Assert.Equal(0, log.BatchAt(0).BaseOffset);
        Assert.Equal(2, log.BatchAt(0).LastOffset);
        Assert.Equal(3, log.BatchAt(1).BaseOffset);
        var stored = log.BatchBytes(1);
        Assert.Equal(3, BinaryPrimitives.ReadInt64BigEndian(stored));
        Assert.Equal(7, BinaryPrimitives.ReadInt32BigEndian(stored[12..]));
    }

    [Fact]
    public void Append_KeepsCrcValidBecauseRewrittenFieldsSitBeforeIt()
    {
        using var log = NewLog();
        Append(log, TestBatches.Create(records: 1));
        Append(log, TestBatches.Create(records: 4), epoch: 3);

        var stored = log.BatchBytes(1);
        Assert.Equal(BinaryPrimitives.ReadUInt32BigEndian(stored[17..]), Crc32C.Compute(stored[21..]));
    }

    [Fact]
    public void Append_WithLogAppendTime_StampsAttributeMaxTimestampAndRecomputesCrc()
    {
        using var log = NewLog();
        Append(log, TestBatches.Create(records: 2), time: 42_000, logAppendTime: true);

        var stored = log.BatchBytes(0);
        var facts = RecordBatchHeader.Read(stored);
        Assert.True(facts.TimestampType == TimestampType.LogAppendTime);
        Assert.Equal(42_000, facts.MaxTimestamp);
        Assert.Equal(facts.Crc, Crc32C.Compute(stored[21..]));
        Assert.True(log.BatchAt(0).IsLogAppendTime);
    }

    [Fact]
    public void FindBatch_ReturnsBatchHoldingOffsetOrCountPastTheEnd()
    {
        using var log = NewLog();
        for (var i = 0; i < 10; i++)
        {
            Append(log, TestBatches.Create(records: 3));
        }

        Assert.Equal(0, log.FindBatch(0));
        Assert.Equal(0, log.FindBatch(2));
        Assert.Equal(1, log.FindBatch(3));
        Assert.Equal(9, log.FindBatch(29));
        Assert.Equal(10, log.FindBatch(30));
    }

    [Fact]
    public void CopyBatches_CopiesWholeBatchesUpToMaxBytesAndEndOffset()
    {
        using var log = NewLog();
        var batch = TestBatches.Create(records: 2);
        for (var i = 0; i < 5; i++)
        {
            Append(log, batch);
        }

        var writer = new ArrayBufferWriter<byte>();
        var written = log.CopyBatches(fromOffset: 3, endOffsetExclusive: 10, maxBytes: batch.Length * 2, writer);
        Assert.Equal(batch.Length * 2, written);
        Assert.Equal(2, BinaryPrimitives.ReadInt64BigEndian(writer.WrittenSpan));
        Assert.Equal(4, BinaryPrimitives.ReadInt64BigEndian(writer.WrittenSpan[batch.Length..]));

        writer.Clear();
        Assert.Equal(batch.Length * 2, log.CopyBatches(0, endOffsetExclusive: 5, maxBytes: int.MaxValue, writer));

        writer.Clear();
        Assert.Equal(batch.Length, log.CopyBatches(0, 10, maxBytes: 1, writer));
    }

    [Fact]
    public void Append_ManyBatchesAcrossChunks_KeepsEveryBatchIntact()
    {
        using var log = NewLog();
        var batch = TestBatches.Create(records: 50, valueSize: 1000);
        var count = (2 * PartitionLog.MaxChunkSize / batch.Length) + 5;
        for (var i = 0; i < count; i++)
        {
            Append(log, batch);
        }

        Assert.Equal(count * 50L, log.LogEndOffset);
        for (var i = 0; i < count; i++)
        {
            var stored = log.BatchBytes(i);
            Assert.Equal(i * 50L, BinaryPrimitives.ReadInt64BigEndian(stored));
            Assert.True(stored[21..].SequenceEqual(batch.AsSpan(21)));
        }
    }

    [Fact]
    public void TruncateTo_DropsBatchesAtOrAboveOffsetAndAppendsContinueThere()
    {
        using var log = NewLog();
        for (var i = 0; i < 4; i++)
        {
            Append(log, TestBatches.Create(records: 2));
        }

        log.TruncateTo(4);
        Assert.Equal(4, log.LogEndOffset);
        Assert.Equal(2, log.BatchCount);

        Append(log, TestBatches.Create(records: 1));
        Assert.Equal(4, BinaryPrimitives.ReadInt64BigEndian(log.BatchBytes(2)));
        Assert.Equal(5, log.LogEndOffset);
    }

    [Fact]
    public void TruncateTo_InsideABatch_Throws()
    {
        using var log = NewLog();
        Append(log, TestBatches.Create(records: 3));

        Assert.Throws<InvalidOperationException>(() => log.TruncateTo(1));
    }

    [Fact]
    public void ApplyRetention_DropsOldestBatchesBelowBoundAndAdvancesLogStart()
    {
        using var log = NewLog();
        var batch = TestBatches.Create(records: 10);
        for (var i = 0; i < 10; i++)
        {
            Append(log, batch);
        }

        Assert.True(log.ApplyRetention(retentionBytes: batch.Length * 3, deletableBelowOffset: 100));
        Assert.Equal(3 * batch.Length, log.SizeBytes);
        Assert.Equal(70, log.LogStartOffset);
        Assert.Equal(70, BinaryPrimitives.ReadInt64BigEndian(log.BatchBytes(0)));
    }

    [Fact]
    public void ApplyRetention_KeepsBatchesAtOrAboveTheHighWatermark()
    {
        using var log = NewLog();
        var batch = TestBatches.Create(records: 10);
        for (var i = 0; i < 10; i++)
        {
            Append(log, batch);
        }

        log.ApplyRetention(retentionBytes: batch.Length, deletableBelowOffset: 30);
        Assert.Equal(30, log.LogStartOffset);
    }

    [Fact]
    public void ApplyRetention_OverALongRun_ReusesChunksFromThePool()
    {
        var pool = new CountingPool();
        using var log = new PartitionLog(pool);
        var batch = TestBatches.Create(records: 100, valueSize: 100);
        for (var i = 0; i < 20_000; i++)
        {
            log.Append(batch, RecordBatchHeader.Read(batch), 0, i, false);
            log.ApplyRetention(retentionBytes: 3 * PartitionLog.MaxChunkSize, deletableBelowOffset: log.LogEndOffset);
        }

        Assert.True(log.SizeBytes <= (3 * PartitionLog.MaxChunkSize) + batch.Length);
        Assert.True(pool.Outstanding <= 6, $"outstanding chunks {pool.Outstanding}");
        Assert.True(pool.Returned > 100);
    }

    [Fact]
    public void EndOffsetAt_ReturnsEndOfLastBatchAppendedByThatTime()
    {
        using var log = NewLog();
        Append(log, TestBatches.Create(records: 2), time: 100);
        Append(log, TestBatches.Create(records: 2), time: 200);
        Append(log, TestBatches.Create(records: 2), time: 300);

        Assert.Equal(0, log.EndOffsetAt(99));
        Assert.Equal(2, log.EndOffsetAt(100));
        Assert.Equal(4, log.EndOffsetAt(299));
        Assert.Equal(6, log.EndOffsetAt(1000));
        Assert.Equal(200, log.AppendTimeAfter(2));
        Assert.Equal(long.MaxValue, log.AppendTimeAfter(6));
    }

    [Fact]
    public void Dispose_ReturnsEveryChunk()
    {
        var pool = new CountingPool();
        var log = new PartitionLog(pool);
        var batch = TestBatches.Create(records: 100, valueSize: 1000);
        for (var i = 0; i < 50; i++)
        {
            log.Append(batch, RecordBatchHeader.Read(batch), 0, 0, false);
        }

        log.Dispose();
        Assert.Equal(0, pool.Outstanding);
    }

    private sealed class CountingPool : ArrayPool<byte>
    {
        private readonly ArrayPool<byte> _inner = Create(4 * 1024 * 1024, 16);

        public int Outstanding { get; private set; }

        public int Returned { get; private set; }

        public override byte[] Rent(int minimumLength)
        {
            Outstanding++;
            return _inner.Rent(minimumLength);
        }

        public override void Return(byte[] array, bool clearArray = false)
        {
            Outstanding--;
            Returned++;
            _inner.Return(array, clearArray);
        }
    }
}
