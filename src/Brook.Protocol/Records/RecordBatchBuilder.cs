using System.Buffers;
using System.Text;
using Brook.Protocol.Primitives;

namespace Brook.Protocol.Records;

/// <summary>
/// Builds one record batch v2 the way Kafka's producer does (docs/design/record-batches.md):
/// records are appended one at a time into a pooled buffer up to <see cref="BatchSizeLimit"/> (a lone record larger
/// than the limit still gets its own batch); producer id, epoch, base sequence, transactional flag and the codec are
/// applied at drain time by <see cref="Seal"/>, which compresses, writes lengths and the CRC last; the sealed bytes are
/// stable for retries, and the unsealed records stay readable (<see cref="EnumerateRecords"/>) to split a batch.
/// Reuse an instance with <see cref="Reset(int)"/> for zero steady-state allocation; <see cref="Dispose"/> returns
/// its buffers. A pooled builder that waits for its next batch gives its buffers back with <see cref="ReturnBuffers"/>
/// and rents them again in <see cref="Reset(int)"/>. Not thread-safe.
/// </summary>
public sealed partial class RecordBatchBuilder : IDisposable
{
    private const int InitialCapacityCap = 64 * 1024;

    private readonly ArrayPool<byte> _pool;
    private byte[] _buffer;
    private int _length = RecordBatchLayout.HeaderSize;
    private int _recordCount;
    private long _baseTimestamp;
    private long _maxTimestamp;
    private int _batchSizeLimit;
    private bool _disposed;
    private bool _buffersReturned;

    /// <summary>Creates a builder whose batches stop accepting records past <paramref name="batchSizeLimit"/> bytes.</summary>
    /// <param name="batchSizeLimit">Kafka's <c>batch.size</c> (bytes, header included); must be positive.</param>
    public RecordBatchBuilder(int batchSizeLimit)
        : this(batchSizeLimit, null)
    {
    }

    /// <summary>As <see cref="RecordBatchBuilder(int)"/>, renting its buffers from <paramref name="pool"/> (null: the shared pool).</summary>
    /// <param name="batchSizeLimit">Kafka's <c>batch.size</c> (bytes, header included); must be positive.</param>
    /// <param name="pool">
    /// Where buffers come from and go back to. A producer passes its own pool: the shared pool trims its large arrays
    /// under memory pressure and on every gen-2 GC, so batch buffers were reallocated in steady state.
    /// </param>
    public RecordBatchBuilder(int batchSizeLimit, ArrayPool<byte>? pool)
    {
        ValidateLimit(batchSizeLimit);
        _batchSizeLimit = batchSizeLimit;
        _pool = pool ?? ArrayPool<byte>.Shared;
        _buffer = _pool.Rent(Math.Min(batchSizeLimit, InitialCapacityCap) + RecordBatchLayout.HeaderSize);
    }

    /// <summary>Size limit for appends (the first record is always accepted).</summary>
    public int BatchSizeLimit => _batchSizeLimit;

    /// <summary>Records appended so far.</summary>
    public int RecordCount => _recordCount;

    /// <summary>Uncompressed size of the batch so far: the 61-byte header plus the encoded records.</summary>
    public int EstimatedSize => _length;

    /// <summary>Timestamp of the first record (the batch baseTimestamp); meaningless while empty.</summary>
    public long BaseTimestamp => _baseTimestamp;

    /// <summary>Largest record timestamp so far.</summary>
    public long MaxTimestamp => _maxTimestamp;

    /// <summary>
    /// Appends a record unless the batch is non-empty and the record would take it past <see cref="BatchSizeLimit"/>.
    /// </summary>
    /// <param name="timestamp">CreateTime in epoch milliseconds (may be below earlier records').</param>
    /// <param name="key">Key bytes; ignored when <paramref name="keyIsNull"/>.</param>
    /// <param name="keyIsNull">Write a null key (length -1).</param>
    /// <param name="value">Value bytes; ignored when <paramref name="valueIsNull"/>.</param>
    /// <param name="valueIsNull">Write a null value (tombstone).</param>
    /// <param name="headers">Headers, in order.</param>
    /// <returns>False when the record does not fit: seal this batch and append to a new one.</returns>
    /// <exception cref="InvalidOperationException">The batch is sealed, disposed, or a streamed record is open.</exception>
    public bool TryAppend(
        long timestamp,
        ReadOnlySpan<byte> key,
        bool keyIsNull,
        ReadOnlySpan<byte> value,
        bool valueIsNull,
        ReadOnlySpan<RecordHeader> headers)
    {
        EnsureAppendable();
        long headersSize = 0;
        foreach (ref readonly var header in headers)
        {
            var keyBytes = Encoding.UTF8.GetByteCount(header.Key);
            var valueLength = header.IsValueNull ? -1 : header.Value.Length;
            headersSize += Varint.SizeOf(keyBytes) + keyBytes + Varint.SizeOf(valueLength) + Math.Max(valueLength, 0);
        }

        var keyLength = keyIsNull ? -1 : key.Length;
        var valueLen = valueIsNull ? -1 : value.Length;
        var timestampDelta = _recordCount == 0 ? 0 : timestamp - _baseTimestamp;
        var bodySize = BodySize(timestampDelta, _recordCount, keyLength, valueLen, headers.Length, headersSize);
        var recordSize = Varint.SizeOf(bodySize) + bodySize;
        if (!HasRoomFor(recordSize))
        {
            return false;
        }

        EnsureCapacity(_length + recordSize);
        var span = _buffer.AsSpan(_length, recordSize);
        var p = Varint.Write(span, bodySize);
        p += WritePrefix(span[p..], timestampDelta, _recordCount);
        p += WriteBytes(span[p..], key, keyLength);
        p += WriteBytes(span[p..], value, valueLen);
        p += Varint.Write(span[p..], headers.Length);
        foreach (ref readonly var header in headers)
        {
            p += WriteHeader(span[p..], header);
        }

        Commit(timestamp, recordSize);
        return true;
    }

    /// <summary>
    /// Upper bound of the size of a batch holding just this record (Java's <c>estimateSizeInBytesUpperBound</c>): the
    /// producer's <c>max.request.size</c> check before appending. Lengths are -1 for null.
    /// </summary>
    public static int EstimateSizeUpperBound(int keyLength, int valueLength, ReadOnlySpan<RecordHeader> headers)
    {
        long headersSize = 0;
        foreach (ref readonly var header in headers)
        {
            var keyBytes = Encoding.UTF8.GetByteCount(header.Key);
            var length = header.IsValueNull ? -1 : header.Value.Length;
            headersSize += Varint.SizeOf(keyBytes) + keyBytes + Varint.SizeOf(length) + Math.Max(length, 0);
        }

        var body = 1L + Varint.MaxLength64 + Varint.MaxLength32
            + Varint.SizeOf(keyLength) + Math.Max(keyLength, 0)
            + Varint.SizeOf(valueLength) + Math.Max(valueLength, 0)
            + Varint.SizeOf(headers.Length) + headersSize;
        return (int)Math.Min(int.MaxValue, RecordBatchLayout.HeaderSize + Varint.MaxLength32 + body);
    }

    /// <summary>Appends a record; <c>null</c> arrays are written as null key/value.</summary>
    /// <returns>False when the record does not fit (see <see cref="TryAppend(long, ReadOnlySpan{byte}, bool, ReadOnlySpan{byte}, bool, ReadOnlySpan{RecordHeader})"/>).</returns>
    public bool TryAppend(long timestamp, byte[]? key, byte[]? value, ReadOnlySpan<RecordHeader> headers = default) =>
        TryAppend(timestamp, key, key is null, value, value is null, headers);

    /// <summary>
    /// Re-encodes a decoded record (its timestamp, key, value and headers) into this batch: how a batch is split after
    /// MESSAGE_TOO_LARGE (<see cref="EnumerateRecords"/> on the old builder, <c>TryAppend</c> into new ones).
    /// </summary>
    /// <returns>False when the record does not fit.</returns>
    public bool TryAppend(scoped in Record record) =>
        TryAppendEncoded(record.Timestamp, record.Key, record.IsKeyNull, record.Value, record.IsValueNull, record.HeaderCount, record.RawHeaders);

    /// <summary>
    /// Enumerates the records appended so far (uncompressed, before or after sealing), e.g. to split the batch.
    /// Offsets are the offsetDeltas.
    /// </summary>
    public RecordEnumerator EnumerateRecords()
    {
        EnsureBuffers();
        return new RecordEnumerator(
            _buffer.AsSpan(RecordBatchLayout.HeaderSize, _length - RecordBatchLayout.HeaderSize),
            _recordCount,
            0,
            _baseTimestamp,
            _maxTimestamp,
            logAppendTime: false,
            lastOffsetDelta: _recordCount - 1,
            allowOffsetGaps: false);
    }

    /// <summary>Empties the builder for a new batch, keeping its buffers (no allocation).</summary>
    public void Reset() => Reset(_batchSizeLimit);

    /// <summary>
    /// Empties the builder for a new batch with a new size limit, keeping its buffers (or, after
    /// <see cref="ReturnBuffers"/>, renting a first buffer as the constructor does).
    /// </summary>
    public void Reset(int batchSizeLimit)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ValidateLimit(batchSizeLimit);
        _batchSizeLimit = batchSizeLimit;
        if (_buffersReturned)
        {
            _buffer = _pool.Rent(Math.Min(batchSizeLimit, InitialCapacityCap) + RecordBatchLayout.HeaderSize);
            _buffersReturned = false;
        }

        _length = RecordBatchLayout.HeaderSize;
        _recordCount = 0;
        _baseTimestamp = 0;
        _maxTimestamp = 0;
        ResetStreaming();
        ResetSeal();
    }

    /// <summary>
    /// Returns the buffers to their pools but keeps the builder for another batch (a pooled producer batch): sealed bytes
    /// and enumerated records become invalid, <see cref="RecordCount"/>, <see cref="EstimatedSize"/> and the timestamps
    /// keep their values, and appending, sealing or enumerating throws until <see cref="Reset(int)"/> rents a buffer
    /// again. Idempotent.
    /// </summary>
    public void ReturnBuffers()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_buffersReturned)
        {
            return;
        }

        _buffersReturned = true;
        ResetStreaming(); // a record still open (or rejected) was in the returned buffer: it is gone with it
        var buffer = _buffer;
        _buffer = [];
        _pool.Return(buffer);
        ReturnSealBuffers();
    }

    /// <summary>Returns the buffers to the pool; sealed bytes and enumerated records become invalid.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        if (!_buffersReturned)
        {
            _pool.Return(_buffer);
        }

        _disposed = true;
        _buffersReturned = true;
        _buffer = [];
        DisposeSeal();
    }

    internal bool TryAppendEncoded(
        long timestamp,
        ReadOnlySpan<byte> key,
        bool keyIsNull,
        ReadOnlySpan<byte> value,
        bool valueIsNull,
        int headerCount,
        ReadOnlySpan<byte> rawHeaders)
    {
        EnsureAppendable();
        var keyLength = keyIsNull ? -1 : key.Length;
        var valueLength = valueIsNull ? -1 : value.Length;
        var timestampDelta = _recordCount == 0 ? 0 : timestamp - _baseTimestamp;
        var bodySize = BodySize(timestampDelta, _recordCount, keyLength, valueLength, headerCount, rawHeaders.Length);
        var recordSize = Varint.SizeOf(bodySize) + bodySize;
        if (!HasRoomFor(recordSize))
        {
            return false;
        }

        EnsureCapacity(_length + recordSize);
        var span = _buffer.AsSpan(_length, recordSize);
        var p = Varint.Write(span, bodySize);
        p += WritePrefix(span[p..], timestampDelta, _recordCount);
        p += WriteBytes(span[p..], key, keyLength);
        p += WriteBytes(span[p..], value, valueLength);
        p += Varint.Write(span[p..], headerCount);
        rawHeaders.CopyTo(span[p..]);
        Commit(timestamp, recordSize);
        return true;
    }

    private static int BodySize(long timestampDelta, int offsetDelta, int keyLength, int valueLength, int headerCount, long headersSize)
    {
        var size = 1L + Varint.SizeOf(timestampDelta) + Varint.SizeOf(offsetDelta)
            + Varint.SizeOf(keyLength) + Math.Max(keyLength, 0)
            + Varint.SizeOf(valueLength) + Math.Max(valueLength, 0)
            + Varint.SizeOf(headerCount) + headersSize;
        if (size > int.MaxValue - 64)
        {
            throw new ArgumentException($"A record of {size} bytes cannot be encoded (record batches are limited to 2 GiB).");
        }

        return (int)size;
    }

    private static int WritePrefix(Span<byte> destination, long timestampDelta, int offsetDelta)
    {
        destination[0] = 0; // record attributes: unused
        var p = 1 + Varint.Write(destination[1..], timestampDelta);
        return p + Varint.Write(destination[p..], offsetDelta);
    }

    private static int WriteBytes(Span<byte> destination, ReadOnlySpan<byte> bytes, int length)
    {
        var p = Varint.Write(destination, length);
        if (length > 0)
        {
            bytes.CopyTo(destination[p..]);
            p += length;
        }

        return p;
    }

    private static int WriteHeader(Span<byte> destination, in RecordHeader header)
    {
        var keyBytes = Encoding.UTF8.GetByteCount(header.Key);
        var p = Varint.Write(destination, keyBytes);
        p += Encoding.UTF8.GetBytes(header.Key, destination[p..]);
        return p + WriteBytes(destination[p..], header.Value.Span, header.IsValueNull ? -1 : header.Value.Length);
    }

    private static void ValidateLimit(int batchSizeLimit)
    {
        if (batchSizeLimit <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(batchSizeLimit), batchSizeLimit, "batch.size must be positive.");
        }
    }

    private bool HasRoomFor(int recordSize) => _recordCount == 0 || (long)_length + recordSize <= _batchSizeLimit;

    private void Commit(long timestamp, int recordSize)
    {
        if (_recordCount == 0)
        {
            _baseTimestamp = timestamp;
            _maxTimestamp = timestamp;
        }
        else if (timestamp > _maxTimestamp)
        {
            _maxTimestamp = timestamp;
        }

        _length += recordSize;
        _recordCount++;
    }

    private void EnsureAppendable()
    {
        EnsureBuffers();
        if (IsSealed)
        {
            throw new InvalidOperationException("The batch is sealed; records cannot be appended after Seal. Reset the builder to start a new batch.");
        }

        if (_stage != StreamStage.None)
        {
            ThrowStreamOpen();
        }
    }

    private void EnsureBuffers()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_buffersReturned)
        {
            throw new InvalidOperationException("The builder's buffers were returned (ReturnBuffers): call Reset to start a new batch before appending, sealing or reading records.");
        }
    }

    /// <summary>Grows the buffer (copying everything it holds, including a record being streamed).</summary>
    private void EnsureCapacity(long needed)
    {
        if (needed <= _buffer.Length)
        {
            return;
        }

        if (needed > Array.MaxLength)
        {
            throw new InvalidOperationException($"A record batch cannot grow to {needed} bytes.");
        }

        var grown = _pool.Rent((int)Math.Min(Array.MaxLength, Math.Max(needed, _buffer.Length * 2L)));
        _buffer.AsSpan(0, Math.Max(_length, HighWaterMark)).CopyTo(grown);
        _pool.Return(_buffer);
        _buffer = grown;
    }
}
