using System.Buffers;
using System.Text;
using Brook.Protocol.Compression;
using Brook.Protocol.Records;
using Brook.Tests.Shared;

namespace Brook.Protocol.Tests.Records;

public sealed class RecordBatchBuilderTests
{
    private const long T = GoldenBatches.Timestamp;

    [Fact]
    public void Seal_NonIdempotentSingleRecord_MatchesGoldenB1()
    {
        using var builder = new RecordBatchBuilder(16384);
        Assert.True(builder.TryAppend(T, null, "hello"u8.ToArray()));
        var batch = builder.Seal(-1, -1, -1, isTransactional: false);
        Assert.Equal(Convert.ToHexString(GoldenBatches.B1), Convert.ToHexString(batch.Span));
    }

    [Fact]
    public void Seal_IdempotentTwoRecordsWithHeader_MatchesGoldenB2()
    {
        using var builder = new RecordBatchBuilder(16384);
        Assert.True(builder.TryAppend(T, "k1"u8.ToArray(), "v1"u8.ToArray()));
        Assert.True(builder.TryAppend(T + 5, "k2"u8.ToArray(), "v2"u8.ToArray(), [new RecordHeader("h", "x"u8.ToArray())]));
        var batch = builder.Seal(1000, 0, 0, isTransactional: false);
        Assert.Equal(Convert.ToHexString(GoldenBatches.B2), Convert.ToHexString(batch.Span));
    }

    [Fact]
    public void Streaming_SameRecordsAsB2_MatchesGoldenB2()
    {
        using var builder = new RecordBatchBuilder(16384);
        builder.BeginRecord(T);
        var key = builder.BeginKey();
        key.Write("k1"u8);
        builder.EndKey();
        builder.WriteValue("v1"u8);
        Assert.True(builder.EndRecord());

        builder.BeginRecord(T + 5);
        builder.WriteKey("k2"u8);
        var value = builder.BeginValue();
        value.GetSpan(1)[0] = (byte)'v';
        value.Advance(1);
        value.GetSpan(1)[0] = (byte)'2';
        value.Advance(1);
        builder.EndValue();
        builder.AddHeader(new RecordHeader("h", "x"u8.ToArray()));
        Assert.True(builder.EndRecord());

        Assert.Equal(Convert.ToHexString(GoldenBatches.B2), Convert.ToHexString(builder.Seal(1000, 0, 0, false).Span));
    }

    [Fact]
    public void Streaming_NullKeyNullValueAndLargeValue_RoundTrip()
    {
        using var builder = new RecordBatchBuilder(1 << 20);
        builder.BeginRecord(T);
        builder.WriteNullKey();
        builder.WriteNullValue();
        builder.AddHeader(new RecordHeader("n", (byte[]?)null));
        Assert.True(builder.EndRecord());

        var large = new byte[100_000];
        new Random(1).NextBytes(large);
        builder.BeginRecord(T - 10);
        builder.WriteKey("key"u8);
        var writer = builder.BeginValue();
        for (var offset = 0; offset < large.Length; offset += 1000)
        {
            large.AsSpan(offset, 1000).CopyTo(writer.GetSpan(1000));
            writer.Advance(1000);
        }

        builder.EndValue();
        Assert.True(builder.EndRecord());

        var batch = builder.Seal(-1, -1, -1, false);
        using var reader = RecordBatchReader.Open(batch.Span);
        var e = reader.GetEnumerator();
        Assert.True(e.MoveNext());
        Assert.True(e.Current.IsKeyNull);
        Assert.True(e.Current.IsValueNull);
        Assert.Equal(1, e.Current.HeaderCount);
        Assert.True(e.MoveNext());
        Assert.Equal(T - 10, e.Current.Timestamp);
        Assert.Equal(-10, e.Current.TimestampDelta);
        Assert.True(e.Current.Value.SequenceEqual(large));
        Assert.False(e.MoveNext());
        Assert.Equal(T, reader.Header.MaxTimestamp);
    }

    [Fact]
    public void Append_RecordsOfMixedSizes_MaxRecordSizeIsTheLargestEncodedRecord()
    {
        using var builder = new RecordBatchBuilder(16384);
        Assert.Equal(0, builder.MaxRecordSize);
        builder.TryAppend(T, null, new byte[10]);
        builder.TryAppend(T, new byte[3], new byte[700]);
        builder.TryAppend(T, null, new byte[20]);

        var largest = 0;
        using (var reader = RecordBatchReader.Open(builder.Seal(-1, -1, -1, false).Span))
        {
            foreach (var record in reader)
            {
                largest = Math.Max(largest, record.EncodedSize);
            }
        }

        Assert.True(largest > 703, $"largest record {largest} B");
        Assert.Equal(largest, builder.MaxRecordSize);
        builder.Reset();
        Assert.Equal(0, builder.MaxRecordSize);
    }

    [Fact]
    public void Append_WhenBatchFull_ReturnsFalseAndLeavesBatchUnchanged()
    {
        using var builder = new RecordBatchBuilder(200);
        var value = new byte[50];
        var appended = 0;
        while (builder.TryAppend(T, null, value))
        {
            appended++;
        }

        Assert.Equal(2, appended);
        Assert.Equal(2, builder.RecordCount);
        Assert.True(builder.EstimatedSize <= 200);
        using var reader = RecordBatchReader.Open(builder.Seal(-1, -1, -1, false).Span);
        Assert.Equal(2, reader.ValidateRecords());
    }

    [Fact]
    public void Append_LoneRecordLargerThanLimit_GetsItsOwnBatch()
    {
        using var builder = new RecordBatchBuilder(100);
        Assert.True(builder.TryAppend(T, null, new byte[1000]));
        Assert.False(builder.TryAppend(T, null, new byte[1]));
        Assert.Equal(1, builder.RecordCount);
    }

    [Fact]
    public void EndRecord_WhenBatchFull_RejectsAndMovesRecordToNextBatch()
    {
        using var first = new RecordBatchBuilder(120);
        using var second = new RecordBatchBuilder(120);
        first.BeginRecord(T);
        first.WriteKey("a"u8);
        first.WriteValue(new byte[40]);
        Assert.True(first.EndRecord());

        first.BeginRecord(T + 1);
        first.WriteKey("b"u8);
        first.WriteValue(Enumerable.Repeat((byte)7, 60).ToArray());
        first.AddHeader(new RecordHeader("trace", "abc"u8.ToArray()));
        Assert.False(first.EndRecord());
        Assert.True(first.HasRejectedRecord);
        Assert.Throws<InvalidOperationException>(() => first.BeginRecord(T));

        Assert.True(first.TryMoveRejectedRecordTo(second));
        Assert.False(first.HasRejectedRecord);
        Assert.Equal(1, first.RecordCount);
        Assert.Equal(1, second.RecordCount);

        using var reader = RecordBatchReader.Open(second.Seal(-1, -1, -1, false).Span);
        foreach (var record in reader)
        {
            Assert.Equal(T + 1, record.Timestamp);
            Assert.Equal(0, record.OffsetDelta);
            Assert.True(record.Key.SequenceEqual("b"u8));
            Assert.Equal(60, record.Value.Length);
            foreach (var header in record.Headers)
            {
                Assert.True(header.Key.SequenceEqual("trace"u8));
                Assert.True(header.Value.SequenceEqual("abc"u8));
            }
        }
    }

    [Fact]
    public void TryMoveRejectedRecordTo_FullTarget_ReturnsFalseAndKeepsRecord()
    {
        using var first = new RecordBatchBuilder(100);
        using var full = new RecordBatchBuilder(100);
        Assert.True(first.TryAppend(T, null, new byte[60]));
        Assert.True(full.TryAppend(T, null, new byte[60]));
        first.BeginRecord(T);
        first.WriteNullKey();
        first.WriteValue(new byte[60]);
        Assert.False(first.EndRecord());

        Assert.False(first.TryMoveRejectedRecordTo(full));
        Assert.True(first.HasRejectedRecord);
        Assert.Equal(1, full.RecordCount);
        Assert.Throws<ArgumentException>(() => first.TryMoveRejectedRecordTo(first));

        first.CancelRecord();
        Assert.False(first.HasRejectedRecord);
        Assert.Throws<InvalidOperationException>(() => first.TryMoveRejectedRecordTo(full));
        Assert.Equal(1, first.RecordCount);
    }

    [Fact]
    public void Seal_WithRejectedRecordPending_SealsOnlyAcceptedRecords()
    {
        using var builder = new RecordBatchBuilder(100);
        Assert.True(builder.TryAppend(T, null, "hello"u8.ToArray()));
        builder.BeginRecord(T);
        builder.WriteNullKey();
        builder.WriteValue(new byte[200]);
        Assert.False(builder.EndRecord());
        Assert.Equal(GoldenBatches.B1, builder.Seal(-1, -1, -1, false).ToArray());
        using var next = new RecordBatchBuilder(100);
        Assert.True(builder.TryMoveRejectedRecordTo(next));
        Assert.Equal(1, next.RecordCount);
    }

    [Fact]
    public void CancelRecord_AfterPartialSerialization_LeavesBatchAsBefore()
    {
        using var builder = new RecordBatchBuilder(16384);
        Assert.True(builder.TryAppend(T, null, "hello"u8.ToArray()));
        builder.BeginRecord(T);
        builder.BeginKey().Write("partial"u8);
        builder.CancelRecord();
        Assert.Equal(Convert.ToHexString(GoldenBatches.B1), Convert.ToHexString(builder.Seal(-1, -1, -1, false).Span));
    }

    [Fact]
    public void Streaming_OutOfOrderCalls_ThrowInvalidOperation()
    {
        using var builder = new RecordBatchBuilder(16384);
        Assert.Throws<InvalidOperationException>(() => builder.BeginKey());
        builder.BeginRecord(T);
        Assert.Throws<InvalidOperationException>(() => builder.BeginValue());
        Assert.Throws<InvalidOperationException>(() => builder.EndRecord());
        Assert.Throws<InvalidOperationException>(() => builder.TryAppend(T, null, null));
        var writer = builder.BeginKey();
        builder.EndKey();
        Assert.Throws<InvalidOperationException>(() => writer.GetSpan());
    }

    [Fact]
    public void Seal_Twice_ReturnsSameBytesAndRewritesProducerState()
    {
        using var builder = new RecordBatchBuilder(16384);
        builder.TryAppend(T, "k"u8.ToArray(), Encoding.UTF8.GetBytes(new string('x', 500)));
        builder.TryAppend(T + 1, "k"u8.ToArray(), Encoding.UTF8.GetBytes(new string('y', 500)));
        var first = builder.Seal(5, 1, 10, false, CompressionType.Lz4).ToArray();
        Assert.Equal(first, builder.SealedBatch.ToArray());

        var resealed = builder.Seal(5, 2, 0, true, CompressionType.Lz4);
        var header = RecordBatchHeader.ReadAndValidate(resealed.Span);
        Assert.Equal(2, header.ProducerEpoch);
        Assert.Equal(0, header.BaseSequence);
        Assert.True(header.IsTransactional);
        Assert.Equal(first.AsSpan(61).ToArray(), resealed.Span[61..].ToArray());
    }

    [Fact]
    public void TryAppend_AfterSeal_Throws()
    {
        using var builder = new RecordBatchBuilder(16384);
        builder.TryAppend(T, null, "v"u8.ToArray());
        builder.Seal(-1, -1, -1, false);
        Assert.Throws<InvalidOperationException>(() => builder.TryAppend(T, null, "v"u8.ToArray()));
        builder.Reset();
        Assert.False(builder.IsSealed);
        Assert.True(builder.TryAppend(T, null, "hello"u8.ToArray()));
        Assert.Equal(GoldenBatches.B1, builder.Seal(-1, -1, -1, false).ToArray());
    }

    [Fact]
    public void Seal_Empty_Throws()
    {
        using var builder = new RecordBatchBuilder(16384);
        Assert.Throws<InvalidOperationException>(() => builder.Seal(-1, -1, -1, false));
    }

    [Fact]
    public void Seal_TransactionalWithoutProducerId_Throws()
    {
        using var builder = new RecordBatchBuilder(16384);
        builder.TryAppend(T, null, null);
        Assert.Throws<ArgumentException>(() => builder.Seal(-1, -1, -1, true));
    }

    [Fact]
    public void Seal_InvalidLevel_ThrowsNamingTheSetting()
    {
        using var builder = new RecordBatchBuilder(16384);
        builder.TryAppend(T, null, null);
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => builder.Seal(-1, -1, -1, false, CompressionType.Lz4, 18));
        Assert.Contains("compression.lz4.level", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EnumerateRecords_SplitIntoTwoBatches_PreservesEveryRecord()
    {
        using var original = new RecordBatchBuilder(1 << 20);
        for (var i = 0; i < 10; i++)
        {
            original.TryAppend(T + i, Encoding.UTF8.GetBytes($"k{i}"), Encoding.UTF8.GetBytes($"value-{i}"), [new RecordHeader("i", [(byte)i])]);
        }

        original.Seal(7, 0, 100, false, CompressionType.Zstd);

        // MESSAGE_TOO_LARGE: re-encode into batches of half the size.
        using var firstHalf = new RecordBatchBuilder(original.EstimatedSize / 2);
        using var secondHalf = new RecordBatchBuilder(original.EstimatedSize);
        var target = firstHalf;
        foreach (var record in original.EnumerateRecords())
        {
            if (!target.TryAppend(record))
            {
                target = secondHalf;
                Assert.True(target.TryAppend(record));
            }
        }

        Assert.Equal(10, firstHalf.RecordCount + secondHalf.RecordCount);
        Assert.True(firstHalf.RecordCount > 0 && secondHalf.RecordCount > 0);
        var seen = 0;
        foreach (var builder in new[] { firstHalf, secondHalf })
        {
            using var reader = RecordBatchReader.Open(builder.Seal(7, 0, 100 + seen, false).Span);
            foreach (var record in reader)
            {
                Assert.Equal(T + seen, record.Timestamp);
                Assert.Equal($"k{seen}", Encoding.UTF8.GetString(record.Key));
                Assert.Equal($"value-{seen}", Encoding.UTF8.GetString(record.Value));
                seen++;
            }
        }

        Assert.Equal(10, seen);
    }

    [Theory]
    [InlineData(-1, -1, 0)]
    [InlineData(0, 5, 1)]
    [InlineData(100, 100_000, 3)]
    public void EstimateSizeUpperBound_IsAtLeastTheSealedSize(int keyLength, int valueLength, int headerCount)
    {
        var headers = Enumerable.Range(0, headerCount).Select(i => new RecordHeader("h" + i, new byte[i * 10])).ToArray();
        using var builder = new RecordBatchBuilder(1);
        builder.TryAppend(long.MaxValue, keyLength < 0 ? null : new byte[keyLength], valueLength < 0 ? null : new byte[valueLength], headers);
        var bound = RecordBatchBuilder.EstimateSizeUpperBound(keyLength, valueLength, headers);
        var actual = builder.Seal(-1, -1, -1, false).Length;
        Assert.InRange(bound, actual, actual + 20);
    }

    [Fact]
    public void Constructor_NonPositiveLimit_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new RecordBatchBuilder(0));

    [Fact]
    public void TryAppend_SteadyState_AllocatesNothing()
    {
        using var builder = new RecordBatchBuilder(1 << 20);
        var value = new byte[100];
        RecordHeader[] headers = [new RecordHeader("h", "x"u8.ToArray())];

        void Fill()
        {
            builder.Reset();
            var i = 0;
            while (builder.TryAppend(T + i, value, false, value, false, headers))
            {
                i++;
            }

            builder.Seal(1, 0, 0, false);
            builder.Reset();
            for (var j = 0; j < 100; j++)
            {
                builder.BeginRecord(T + j);
                builder.WriteNullKey();
                var w = builder.BeginValue();
                value.CopyTo(w.GetSpan(value.Length));
                w.Advance(value.Length);
                builder.EndValue();
                builder.AddHeader(headers[0]);
                builder.EndRecord();
            }

            builder.Seal(1, 0, 0, false);
        }

        Fill();
        Assert.Equal(0, ThreadAllocation.Quietest(Fill));
    }

    [Fact]
    public void ReturnBuffers_ThenReset_RentsAgainAndBuildsTheSameBytesAsAFreshBuilder()
    {
        var pool = new CountingPool();
        using var builder = new RecordBatchBuilder(16384, pool);
        Assert.True(builder.TryAppend(T, "k1"u8.ToArray(), "v1"u8.ToArray()));
        builder.Seal(1000, 0, 0, false, CompressionType.Lz4);
        builder.ReturnBuffers();
        builder.ReturnBuffers(); // idempotent
        Assert.Equal((1, 1), (pool.Rented, pool.Returned));
        Assert.Equal(1, builder.RecordCount); // still readable: a completed batch's holders read its count

        builder.Reset(16384);
        Assert.Equal((2, 1), (pool.Rented, pool.Returned));
        Assert.True(builder.TryAppend(T, "k1"u8.ToArray(), "v1"u8.ToArray()));
        Assert.True(builder.TryAppend(T + 5, "k2"u8.ToArray(), "v2"u8.ToArray(), [new RecordHeader("h", "x"u8.ToArray())]));
        Assert.Equal(Convert.ToHexString(GoldenBatches.B2), Convert.ToHexString(builder.Seal(1000, 0, 0, false).Span));
    }

    [Fact]
    public void ReturnBuffers_UseBeforeReset_ThrowsNamingTheFix()
    {
        using var builder = new RecordBatchBuilder(16384, new CountingPool());
        Assert.True(builder.TryAppend(T, null, "v"u8.ToArray()));
        builder.ReturnBuffers();
        var append = Assert.Throws<InvalidOperationException>(() => builder.TryAppend(T, null, "v"u8.ToArray()));
        Assert.Contains("Reset", append.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => builder.Seal(-1, -1, -1, false));
        Assert.Throws<InvalidOperationException>(() => builder.EnumerateRecords());
    }

    [Fact]
    public void ReturnBuffers_WithAStreamedRecordOpen_ClosesItsWriterAndResetStartsClean()
    {
        var pool = new CountingPool();
        using var builder = new RecordBatchBuilder(16384, pool);
        builder.BeginRecord(T);
        var key = builder.BeginKey();
        key.Write("k1"u8);
        builder.ReturnBuffers();

        // The open record was in the returned buffer: its writer and the record's next steps refuse instead of writing
        // into an empty (or someone else's) buffer.
        Assert.Throws<InvalidOperationException>(() => key.GetSpan(4));
        Assert.Throws<InvalidOperationException>(() => builder.EndKey());
        Assert.Throws<InvalidOperationException>(() => builder.EndRecord());
        Assert.False(builder.HasRejectedRecord);

        builder.Reset(16384);
        Assert.True(builder.TryAppend(T, "k1"u8.ToArray(), "v1"u8.ToArray()));
        Assert.True(builder.TryAppend(T + 5, "k2"u8.ToArray(), "v2"u8.ToArray(), [new RecordHeader("h", "x"u8.ToArray())]));
        Assert.Equal(Convert.ToHexString(GoldenBatches.B2), Convert.ToHexString(builder.Seal(1000, 0, 0, false).Span));
        Assert.Equal(pool.Rented - 1, pool.Returned);
    }

    [Fact]
    public void Dispose_AfterReturnBuffers_ReturnsNothingTwice()
    {
        var pool = new CountingPool();
        var builder = new RecordBatchBuilder(16384, pool);
        builder.ReturnBuffers();
        builder.Dispose();
        Assert.Equal((1, 1), (pool.Rented, pool.Returned));
    }

    private sealed class CountingPool : ArrayPool<byte>
    {
        public int Rented { get; private set; }

        public int Returned { get; private set; }

        public override byte[] Rent(int minimumLength)
        {
            Rented++;
            return new byte[minimumLength];
        }

        public override void Return(byte[] array, bool clearArray = false) => Returned++;
    }
}
