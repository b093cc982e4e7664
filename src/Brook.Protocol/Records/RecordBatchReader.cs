using System.Buffers;
using Brook.Protocol.Compression;

namespace Brook.Protocol.Records;

/// <summary>
/// Reads one record batch v2: validates the header (length, magic 2, CRC-32C, codec, count), decompresses the records
/// into a pooled buffer when needed (bounded by a caller-given limit) and enumerates them without copying.
/// Uncompressed batches are read with zero allocations. Dispose to return the decompression buffer.
/// <code>
/// using var reader = RecordBatchReader.Open(batch, maxUncompressedSize);
/// foreach (var record in reader) { ... record.Key, record.Value, record.Headers ... }
/// </code>
/// </summary>
public ref struct RecordBatchReader
{
    /// <summary>Default cap on decompressed records: 64 MiB.</summary>
    public const int DefaultMaxUncompressedSize = 64 * 1024 * 1024;

    private readonly ReadOnlySpan<byte> _records;
    private readonly RecordBatchHeader _header;
    private readonly bool _allowOffsetGaps;
    private byte[]? _rented;

    private RecordBatchReader(RecordBatchHeader header, ReadOnlySpan<byte> records, byte[]? rented, bool allowOffsetGaps)
    {
        _header = header;
        _records = records;
        _rented = rented;
        _allowOffsetGaps = allowOffsetGaps;
    }

    /// <summary>The parsed header.</summary>
    public readonly RecordBatchHeader Header => _header;

    /// <summary>The uncompressed records section (decompressed when the batch is compressed).</summary>
    public readonly ReadOnlySpan<byte> Records => _records;

    /// <summary>
    /// Validates the batch at the start of <paramref name="batch"/> (bytes after it are ignored) and prepares its records.
    /// </summary>
    /// <param name="batch">One complete batch (baseOffset through the last record).</param>
    /// <param name="maxUncompressedSize">Largest decompressed records section accepted (guards against compression bombs).</param>
    /// <param name="options">Relaxations for already-verified or compacted data.</param>
    /// <exception cref="ProtocolException">The batch is truncated, corrupt, not magic 2, or decompresses past the limit.</exception>
    public static RecordBatchReader Open(
        ReadOnlySpan<byte> batch,
        int maxUncompressedSize = DefaultMaxUncompressedSize,
        RecordBatchReadOptions options = RecordBatchReadOptions.None)
    {
        var header = (options & RecordBatchReadOptions.SkipCrc) != 0
            ? RecordBatchHeader.ReadWithoutCrc(batch)
            : RecordBatchHeader.ReadAndValidate(batch);
        var body = batch[RecordBatchHeader.Size..header.TotalSize];
        var gaps = (options & RecordBatchReadOptions.AllowOffsetGaps) != 0;
        if (header.Compression == CompressionType.None)
        {
            CheckCount(header, body.Length);
            return new RecordBatchReader(header, body, null, gaps);
        }

        CheckCount(header, maxUncompressedSize);
        var rented = RecordCompression.Decompress(header.Compression, body, maxUncompressedSize, out var length);
        try
        {
            CheckCount(header, length);
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(rented);
            throw;
        }

        return new RecordBatchReader(header, rented.AsSpan(0, length), rented, gaps);
    }

    /// <summary>Enumerates the records (validating each).</summary>
    public readonly RecordEnumerator GetEnumerator() => new(_records, _header, _allowOffsetGaps);

    /// <summary>Walks every record to validate its framing and the record count; returns the count.</summary>
    /// <exception cref="ProtocolException">A record is malformed or the count does not match.</exception>
    public readonly int ValidateRecords()
    {
        var enumerator = GetEnumerator();
        while (enumerator.MoveNext())
        {
        }

        return enumerator.Index;
    }

    /// <summary>Returns the decompression buffer to the pool; spans from this reader become invalid.</summary>
    public void Dispose()
    {
        var rented = _rented;
        _rented = null;
        if (rented is not null)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static void CheckCount(in RecordBatchHeader header, int bytes)
    {
        if (header.RecordCount > bytes / RecordBatchLayout.MinRecordSize)
        {
            throw new ProtocolException(
                $"Record batch declares {header.RecordCount} records, impossible in {bytes} bytes of records (at least {RecordBatchLayout.MinRecordSize} each).");
        }
    }
}
