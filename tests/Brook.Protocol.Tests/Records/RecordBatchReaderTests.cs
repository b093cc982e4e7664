using System.Buffers.Binary;
using System.Text;
using Brook.Protocol.Compression;
using Brook.Protocol.Records;
using CsCheck;
using Brook.Tests.Shared;

namespace Brook.Protocol.Tests.Records;

public sealed class RecordBatchReaderTests
{
    private const long T = GoldenBatches.Timestamp;

    [Fact]
    public void Open_GoldenB1_ReadsHeaderAndRecord()
    {
        using var reader = RecordBatchReader.Open(GoldenBatches.B1);
        var header = reader.Header;
        Assert.Equal(0, header.BaseOffset);
        Assert.Equal(61, header.BatchLength);
        Assert.Equal(73, header.TotalSize);
        Assert.Equal(-1, header.PartitionLeaderEpoch);
        Assert.Equal(2, header.Magic);
        Assert.Equal(0xE641A44Bu, header.Crc);
        Assert.Equal(CompressionType.None, header.Compression);
        Assert.Equal(TimestampType.CreateTime, header.TimestampType);
        Assert.False(header.IsTransactional);
        Assert.False(header.IsControl);
        Assert.Equal(-1, header.ProducerId);
        Assert.Equal(-1, header.ProducerEpoch);
        Assert.Equal(-1, header.BaseSequence);
        Assert.Equal(-1, header.LastSequence);
        Assert.Equal(1, header.RecordCount);
        var count = 0;
        foreach (var record in reader)
        {
            Assert.True(record.IsKeyNull);
            Assert.Equal("hello", Encoding.UTF8.GetString(record.Value));
            Assert.Equal(T, record.Timestamp);
            Assert.Equal(0, record.HeaderCount);
            Assert.Equal(12, record.EncodedSize);
            count++;
        }

        Assert.Equal(1, count);
    }

    [Fact]
    public void Open_GoldenB2_ReadsBothRecordsAndHeader()
    {
        using var reader = RecordBatchReader.Open(GoldenBatches.B2);
        Assert.Equal(1000, reader.Header.ProducerId);
        Assert.Equal(0, reader.Header.ProducerEpoch);
        Assert.Equal(0, reader.Header.BaseSequence);
        Assert.Equal(1, reader.Header.LastSequence);
        Assert.Equal(T + 5, reader.Header.MaxTimestamp);
        var e = reader.GetEnumerator();
        Assert.True(e.MoveNext());
        Assert.Equal("k1", Encoding.UTF8.GetString(e.Current.Key));
        Assert.Equal("v1", Encoding.UTF8.GetString(e.Current.Value));
        Assert.True(e.MoveNext());
        Assert.Equal(1, e.Current.Offset);
        Assert.Equal(T + 5, e.Current.Timestamp);
        var headers = e.Current.Headers;
        Assert.True(headers.MoveNext());
        Assert.Equal("h", Encoding.UTF8.GetString(headers.Current.Key));
        Assert.Equal("x", Encoding.UTF8.GetString(headers.Current.Value));
        Assert.False(headers.MoveNext());
        Assert.False(e.MoveNext());
    }

    [Fact]
    public void Open_CountLargerThanRecords_ThrowsOnIteration()
    {
        var batch = Forge(GoldenBatches.B2, b => BinaryPrimitives.WriteInt32BigEndian(b.AsSpan(57), 3));
        var error = Assert.Throws<ProtocolException>(() => Validate(batch));
        Assert.Contains("declares 3 records but holds 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_CountSmallerThanRecords_ThrowsOnIteration()
    {
        var batch = Forge(GoldenBatches.B2, b => BinaryPrimitives.WriteInt32BigEndian(b.AsSpan(57), 1));
        Assert.Throws<ProtocolException>(() => Validate(batch));
    }

    [Fact]
    public void Open_ForgedHugeCount_ThrowsBeforeIterating()
    {
        var batch = Forge(GoldenBatches.B1, b => BinaryPrimitives.WriteInt32BigEndian(b.AsSpan(57), int.MaxValue));
        Assert.Throws<ProtocolException>(() => RecordBatchReader.Open(batch).Dispose());
    }

    [Fact]
    public void Open_OffsetDeltaOutOfSequence_Throws()
    {
        // Second record of B2 starts at byte 72: length 1c, attributes 00, timestampDelta 0a, offsetDelta 02 (= 1).
        var batch = Forge(GoldenBatches.B2, b => b[75] = 0x04);
        var error = Assert.Throws<ProtocolException>(() => Validate(batch));
        Assert.Contains("offsetDelta", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_OffsetGapWithinLastOffsetDelta_AcceptedOnlyWithAllowOffsetGaps()
    {
        // Compacted shape: records at deltas 0 and 2, lastOffsetDelta 2.
        var batch = Forge(GoldenBatches.B2, b =>
        {
            b[75] = 0x04;
            BinaryPrimitives.WriteInt32BigEndian(b.AsSpan(23), 2);
        });
        Assert.Throws<ProtocolException>(() => Validate(batch));
        using var reader = RecordBatchReader.Open(batch, options: RecordBatchReadOptions.AllowOffsetGaps);
        var e = reader.GetEnumerator();
        Assert.True(e.MoveNext());
        Assert.True(e.MoveNext());
        Assert.Equal(2, e.Current.Offset);
        Assert.False(e.MoveNext());
    }

    [Fact]
    public void Open_BadCrc_ThrowsUnlessSkipped()
    {
        var batch = (byte[])GoldenBatches.B1.Clone();
        batch[^2] ^= 1;
        var error = Assert.Throws<ProtocolException>(() => RecordBatchReader.Open(batch).Dispose());
        Assert.Contains("CRC", error.Message, StringComparison.Ordinal);
        using var reader = RecordBatchReader.Open(batch, options: RecordBatchReadOptions.SkipCrc);
        Assert.Equal(1, reader.ValidateRecords());
    }

    [Fact]
    public void Open_RecordLengthPastBatch_Throws()
    {
        var batch = Forge(GoldenBatches.B1, b => b[61] = 0x18); // length 12 instead of 11
        Assert.Throws<ProtocolException>(() => Validate(batch));
    }

    [Fact]
    public void Open_UncompressedBatch_AllocatesNothing()
    {
        using var builder = new RecordBatchBuilder(1 << 20);
        var value = new byte[100];
        RecordHeader[] headers = [new RecordHeader("h", "x"u8.ToArray())];
        var i = 0;
        while (builder.TryAppend(T + i, value, false, value, false, headers))
        {
            i++;
        }

        var batch = builder.Seal(1, 0, 0, false).ToArray();
        long Read()
        {
            using var reader = RecordBatchReader.Open(batch);
            long sum = 0;
            foreach (var record in reader)
            {
                sum += record.Value.Length;
                foreach (var header in record.Headers)
                {
                    sum += header.Value.Length;
                }
            }

            return sum;
        }

        Read();
        long sum = 0;
        var allocated = ThreadAllocation.Quietest(() => sum = Read());
        Assert.Equal(i * 101L, sum);
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void Open_CompressedBatchPastLimit_Throws()
    {
        using var builder = new RecordBatchBuilder(1 << 21);
        builder.TryAppend(T, null, new byte[1 << 20]);
        var batch = builder.Seal(-1, -1, -1, false, CompressionType.Zstd).ToArray();
        Assert.True(batch.Length < 10_000);
        Assert.Throws<ProtocolException>(() => RecordBatchReader.Open(batch, maxUncompressedSize: 1 << 19).Dispose());
    }

    public static TheoryData<CompressionType> Codecs => [CompressionType.None, CompressionType.Gzip, CompressionType.Snappy, CompressionType.Lz4, CompressionType.Zstd];

    [Theory]
    [MemberData(nameof(Codecs))]
    public void EncodeDecode_RandomRecords_RoundTrip(CompressionType codec)
    {
        var bytes = Gen.Frequency(
                (10, Gen.Byte.Array[0, 40]),
                (3, Gen.Byte.Array[0, 3000]),
                (1, Gen.Byte.Array[60_000, 100_000]))
            .Null(0.2);
        var text = Gen.Frequency(
            (4, Gen.Byte[32, 126].Array[0, 12].Select(b => Encoding.ASCII.GetString(b))),
            (1, Gen.OneOfConst(string.Empty, "héllo", "日本語", "emoji🙂")));
        var headers = Gen.Select(text, Gen.Byte.Array[0, 30].Null(0.2)).Array[0, 4];
        var record = Gen.Select(Gen.Long[-1, 1L << 45], bytes, bytes, headers, Gen.Bool, (t, k, v, h, s) => new TestRecord(t, k, v, h, s));
        var state = Gen.Select(Gen.Long[-1, long.MaxValue], Gen.Short[-1, short.MaxValue], Gen.Int[-1, int.MaxValue]);

        Gen.Select(record.Array[1, 25], state).Sample(
            (records, producer) =>
            {
                using var builder = new RecordBatchBuilder(1 << 24);
                foreach (var r in records)
                {
                    Append(builder, r);
                }

                var batch = builder.Seal(producer.Item1, producer.Item2, producer.Item3, false, codec).ToArray();
                using var reader = RecordBatchReader.Open(batch);
                Assert.Equal(codec, reader.Header.Compression);
                Assert.Equal(records.Length, reader.Header.RecordCount);
                Assert.Equal(records.Length - 1, reader.Header.LastOffsetDelta);
                Assert.Equal(producer.Item1, reader.Header.ProducerId);
                Assert.Equal(producer.Item3, reader.Header.BaseSequence);
                Assert.Equal(records[0].Timestamp, reader.Header.BaseTimestamp);
                Assert.Equal(records.Max(r => r.Timestamp), reader.Header.MaxTimestamp);
                var index = 0;
                foreach (var decoded in reader)
                {
                    var expected = records[index];
                    Assert.Equal(index, decoded.Offset);
                    Assert.Equal(expected.Timestamp, decoded.Timestamp);
                    AssertBytes(expected.Key, decoded.Key, decoded.IsKeyNull);
                    AssertBytes(expected.Value, decoded.Value, decoded.IsValueNull);
                    Assert.Equal(expected.Headers.Length, decoded.HeaderCount);
                    var h = 0;
                    foreach (var header in decoded.Headers)
                    {
                        Assert.Equal(expected.Headers[h].Item1, Encoding.UTF8.GetString(header.Key));
                        AssertBytes(expected.Headers[h].Item2, header.Value, header.IsValueNull);
                        h++;
                    }

                    index++;
                }

                Assert.Equal(records.Length, index);
            },
            iter: 60,
            threads: 1);
    }

    [Fact]
    public void Open_100kRandomAndMutatedBatches_ThrowsOnlyProtocolException()
    {
        var seeds = SeedBatches();
        var random = new Random(20261126);
        var accepted = 0;
        var rejected = 0;
        long maxAllocation = 0;
        for (var i = 0; i < 100_000; i++)
        {
            var input = Mutate(seeds[random.Next(seeds.Length)], random);
            var before = GC.GetAllocatedBytesForCurrentThread();
            try
            {
                using var reader = RecordBatchReader.Open(input, maxUncompressedSize: 1 << 20);
                foreach (var record in reader)
                {
                    foreach (var header in record.Headers)
                    {
                        _ = header.Key.Length + header.Value.Length;
                    }
                }

                accepted++;
            }
            catch (ProtocolException)
            {
                rejected++;
            }

            maxAllocation = Math.Max(maxAllocation, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        Assert.True(accepted > 1000, $"only {accepted} inputs decoded: the mutations are too destructive to reach the record parser");
        Assert.True(rejected > 10_000, $"only {rejected} inputs rejected");
        Assert.True(maxAllocation < 4 << 20, $"one input allocated {maxAllocation} bytes");
    }

    private static byte[][] SeedBatches()
    {
        var list = new List<byte[]> { GoldenBatches.B1, GoldenBatches.B2, GoldenBatches.B3 };
        foreach (var codec in new[] { CompressionType.None, CompressionType.Gzip, CompressionType.Snappy, CompressionType.Lz4, CompressionType.Zstd })
        {
            using var builder = new RecordBatchBuilder(1 << 20);
            for (var i = 0; i < 6; i++)
            {
                builder.TryAppend(T + i, i % 3 == 0 ? null : [(byte)i], new byte[i * 7], [new RecordHeader("h" + i, i % 2 == 0 ? null : [1, 2])]);
            }

            list.Add(builder.Seal(9, 1, 5, true, codec).ToArray());
        }

        return [.. list];
    }

    private static byte[] Mutate(byte[] seed, Random random)
    {
        var data = (byte[])seed.Clone();
        switch (random.Next(8))
        {
            case 0:
                data = new byte[random.Next(200)];
                random.NextBytes(data);
                if (data.Length > 17 && random.Next(2) == 0)
                {
                    data[16] = 2;
                }

                break;
            case 1:
                data = data.AsSpan(0, random.Next(data.Length)).ToArray();
                break;
            case 2:
                BinaryPrimitives.WriteInt32BigEndian(data.AsSpan(8), random.Next(3) switch { 0 => random.Next(), 1 => -random.Next(), _ => random.Next(100) });
                break;
            default:
                var flips = 1 + random.Next(4);
                for (var j = 0; j < flips; j++)
                {
                    // Mostly inside the records or the count, where framing checks (not the CRC) must catch it.
                    var at = random.Next(3) == 0 ? random.Next(data.Length) : 57 + random.Next(data.Length - 57);
                    data[at] = random.Next(3) == 0 ? (byte)random.Next(256) : (byte)(data[at] ^ (1 << random.Next(8)));
                }

                break;
        }

        if (data.Length >= 61 && random.Next(4) != 0)
        {
            // Re-seal the CRC so the mutation reaches the decompressor and the record parser.
            var length = (int)Math.Clamp(BinaryPrimitives.ReadInt32BigEndian(data.AsSpan(8)) + 12L, 61, data.Length);
            RecordBatchHeader.WriteCrc(data.AsSpan(0, length));
        }

        return data;
    }

    private static void Append(RecordBatchBuilder builder, TestRecord r)
    {
        var headers = r.Headers.Select(h => new RecordHeader(h.Item1, h.Item2)).ToArray();
        if (!r.Streamed)
        {
            Assert.True(builder.TryAppend(r.Timestamp, r.Key, r.Value, headers));
            return;
        }

        builder.BeginRecord(r.Timestamp);
        if (r.Key is null)
        {
            builder.WriteNullKey();
        }
        else
        {
            var writer = builder.BeginKey();
            foreach (var b in r.Key)
            {
                writer.GetSpan(1)[0] = b;
                writer.Advance(1);
            }

            builder.EndKey();
        }

        if (r.Value is null)
        {
            builder.WriteNullValue();
        }
        else
        {
            builder.WriteValue(r.Value);
        }

        foreach (var header in headers)
        {
            builder.AddHeader(header);
        }

        Assert.True(builder.EndRecord());
    }

    private static void AssertBytes(byte[]? expected, ReadOnlySpan<byte> actual, bool isNull)
    {
        Assert.Equal(expected is null, isNull);
        Assert.True((expected ?? []).AsSpan().SequenceEqual(actual));
    }

    private static void Validate(byte[] batch)
    {
        using var reader = RecordBatchReader.Open(batch);
        reader.ValidateRecords();
    }

    private static byte[] Forge(byte[] source, Action<byte[]> change)
    {
        var batch = (byte[])source.Clone();
        change(batch);
        RecordBatchHeader.WriteCrc(batch);
        return batch;
    }

    private sealed record TestRecord(long Timestamp, byte[]? Key, byte[]? Value, (string, byte[]?)[] Headers, bool Streamed);
}
