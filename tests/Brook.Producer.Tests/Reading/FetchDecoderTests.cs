using System.Text;
using Brook.Producer.Reading;
using Codec = Brook.Protocol.Compression.CompressionType;
using Brook.Protocol.Messages;
using Brook.Protocol.Records;

namespace Brook.Producer.Tests.Reading;

public sealed class FetchDecoderTests
{
    private const long Committer = 1000;
    private const long Aborter = 2000;

    [Fact]
    public void Decode_ReadCommitted_DropsAbortedTransactionAndControlBatchesOnly()
    {
        var log = TransactionalLog();
        var aborted = new List<FetchResponse.AbortedTransaction> { new() { ProducerId = Aborter, FirstOffset = 3 } };
        var output = new List<ReadRecord>();

        var next = FetchDecoder.Decode(log, partition: 4, fetchOffset: 0, aborted, output);

        Assert.Equal(["c0", "c1", "c2", "c7"], Values(output));
        Assert.Equal([0L, 1, 2, 7], output.Select(r => r.Offset));
        Assert.All(output, r => Assert.Equal(4, r.Partition));
        Assert.Equal(9, next);
    }

    [Fact]
    public void Decode_ReadUncommitted_KeepsAbortedRecordsButNeverControlRecords()
    {
        var output = new List<ReadRecord>();

        var next = FetchDecoder.Decode(TransactionalLog(), partition: 0, fetchOffset: 0, aborted: null, output);

        Assert.Equal(["c0", "c1", "c2", "a3", "a4", "c7"], Values(output));
        Assert.Equal(9, next);
    }

    [Fact]
    public void Decode_TrailingPartialBatch_IsSkippedAndNotConsumed()
    {
        var first = Batch(10, -1, false, Codec.None, "x10", "x11");
        var second = Batch(12, -1, false, Codec.None, "x12");
        var records = first.Concat(second.Take(second.Length - 5)).ToArray();
        var output = new List<ReadRecord>();

        var next = FetchDecoder.Decode(records, 0, 10, null, output);

        Assert.Equal(["x10", "x11"], Values(output));
        Assert.Equal(12, next);
    }

    [Theory]
    [InlineData(Codec.None)]
    [InlineData(Codec.Gzip)]
    [InlineData(Codec.Snappy)]
    [InlineData(Codec.Lz4)]
    [InlineData(Codec.Zstd)]
    public void Decode_BatchStartingBeforeFetchOffset_SkipsTheEarlierRecords(Codec codec)
    {
        var records = Batch(20, -1, false, codec, "r20", "r21", "r22", "r23");
        var output = new List<ReadRecord>();

        var next = FetchDecoder.Decode(records, 0, 22, null, output);

        Assert.Equal(["r22", "r23"], Values(output));
        Assert.Equal(24, next);
    }

    [Fact]
    public void Decode_KeysHeadersAndNulls_ArePreserved()
    {
        using var builder = new RecordBatchBuilder(1 << 16);
        Assert.True(builder.TryAppend(1_700_000_000_000, "k"u8.ToArray(), null, [new RecordHeader("h1", "v1"u8.ToArray()), new RecordHeader("h2", (byte[]?)null)]));
        var batch = builder.Seal(-1, -1, -1, false).ToArray();
        RecordBatchHeader.SetBaseOffset(batch, 5);
        var output = new List<ReadRecord>();

        FetchDecoder.Decode(batch, 1, 5, null, output);

        var record = Assert.Single(output);
        Assert.Equal("k"u8.ToArray(), record.Key);
        Assert.Null(record.Value);
        Assert.Equal(1_700_000_000_000, record.Timestamp);
        Assert.Equal(2, record.Headers.Count);
        Assert.Equal("h1", record.Headers[0].Key);
        Assert.Equal("v1"u8.ToArray(), record.Headers[0].Value);
        Assert.Equal("h2", record.Headers[1].Key);
        Assert.Null(record.Headers[1].Value);
    }

    [Fact]
    public void Decode_CorruptBatch_ThrowsProtocolException()
    {
        var batch = Batch(0, -1, false, Codec.None, "v");
        batch[^1] ^= 0xFF;

        Assert.Throws<Brook.Protocol.ProtocolException>(() => FetchDecoder.Decode(batch, 0, 0, null, []));
    }

    // 0-2 committed txn (Committer), 3-4 aborted txn (Aborter), 5 COMMIT(Committer), 6 ABORT(Aborter),
    // 7 a new committed txn of Aborter (must survive: its abort was closed by the marker at 6), 8 COMMIT(Aborter).
    private static byte[] TransactionalLog() =>
    [
        .. Batch(0, Committer, true, Codec.Lz4, "c0", "c1", "c2"),
        .. Batch(3, Aborter, true, Codec.None, "a3", "a4"),
        .. Marker(5, Committer, ControlRecordType.Commit),
        .. Marker(6, Aborter, ControlRecordType.Abort),
        .. Batch(7, Aborter, true, Codec.Gzip, "c7"),
        .. Marker(8, Aborter, ControlRecordType.Commit),
    ];

    private static byte[] Batch(long baseOffset, long producerId, bool transactional, Codec codec, params string[] values)
    {
        using var builder = new RecordBatchBuilder(1 << 16);
        foreach (var value in values)
        {
            Assert.True(builder.TryAppend(1_700_000_000_000, null, Encoding.UTF8.GetBytes(value)));
        }

        var batch = builder.Seal(producerId, (short)(producerId < 0 ? -1 : 0), producerId < 0 ? -1 : 0, transactional, codec).ToArray();
        RecordBatchHeader.SetBaseOffset(batch, baseOffset);
        return batch;
    }

    private static byte[] Marker(long offset, long producerId, ControlRecordType type)
    {
        var batch = new byte[EndTransactionMarker.BatchSize];
        new EndTransactionMarker(type, 0).WriteBatch(batch, producerId, 0, 1_700_000_000_000);
        RecordBatchHeader.SetBaseOffset(batch, offset);
        return batch;
    }

    private static List<string> Values(List<ReadRecord> records) => records.Select(r => Encoding.UTF8.GetString(r.Value!)).ToList();
}
