using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using Brook.Protocol.Primitives;

namespace Brook.Protocol.Records;

/// <summary>
/// Streaming appends: a serializer writes the key and value straight into the batch buffer through an
/// <see cref="IBufferWriter{T}"/>, so no per-record byte[] exists.
/// </summary>
/// <remarks>
/// The record's length, keyLength, valueLength and headersCount are varint prefixes whose size is unknown until the
/// bytes after them are written. Each gets a 5-byte slot (the longest 32-bit varint); <see cref="EndRecord"/> then writes
/// the real varints and slides the segments left in one pass. Every write lands at or before the bytes still to be
/// moved (a varint is at most its 5-byte slot), so the compaction is a series of overlapping-safe moves within the record:
/// <code>
/// reserved: [len·5][attr tsΔ offΔ][kLen·5][key][vLen·5][value][hCnt·5][headers]
/// final:    [len][attr tsΔ offΔ][kLen][key][vLen][value][hCnt][headers]
/// </code>
/// </remarks>
public sealed partial class RecordBatchBuilder
{
    private const int Slot = Varint.MaxLength32;

    private StreamStage _stage;
    private int _recordStart;
    private int _cursor;
    private long _streamTimestamp;
    private long _streamTimestampDelta;
    private int _keySlot;
    private int _keyLength;
    private int _valueSlot;
    private int _valueLength;
    private int _headerSlot;
    private int _headerCount;
    private int _rejectedSize;
    private SegmentWriter? _segmentWriter;

    private enum StreamStage
    {
        None,
        Prefix,
        Key,
        AfterKey,
        Value,
        AfterValue,
        Rejected,
    }

    /// <summary>True after <see cref="EndRecord"/> returned false, until the record is moved or cancelled.</summary>
    public bool HasRejectedRecord => _stage == StreamStage.Rejected;

    /// <summary>Bytes of this builder's buffer in use, including a record being streamed.</summary>
    private int HighWaterMark => _stage switch
    {
        StreamStage.None => _length,
        StreamStage.Rejected => _recordStart + _rejectedSize,
        _ => _cursor,
    };

    /// <summary>
    /// Starts a streamed record. Then: key (<see cref="BeginKey"/>/<see cref="EndKey"/>, <see cref="WriteKey"/> or
    /// <see cref="WriteNullKey"/>), value likewise, any <see cref="AddHeader"/> calls, and <see cref="EndRecord"/>
    /// (or <see cref="CancelRecord"/> if serialization fails).
    /// </summary>
    /// <exception cref="InvalidOperationException">The batch is sealed, or another record is open or rejected.</exception>
    public void BeginRecord(long timestamp)
    {
        EnsureAppendable();
        _streamTimestamp = timestamp;
        _streamTimestampDelta = _recordCount == 0 ? 0 : timestamp - _baseTimestamp;
        _recordStart = _length;
        EnsureCapacity(_recordStart + (3L * Slot) + 1 + Varint.MaxLength64);
        _cursor = _recordStart + Slot;
        _cursor += WritePrefix(_buffer.AsSpan(_cursor), _streamTimestampDelta, _recordCount);
        _stage = StreamStage.Prefix;
    }

    /// <summary>Opens the key: write its bytes to the returned writer, then call <see cref="EndKey"/>.</summary>
    public IBufferWriter<byte> BeginKey()
    {
        Expect(StreamStage.Prefix, nameof(BeginKey));
        _keySlot = ReserveSlot();
        _stage = StreamStage.Key;
        return _segmentWriter ??= new SegmentWriter(this);
    }

    /// <summary>Closes the key opened by <see cref="BeginKey"/>.</summary>
    public void EndKey()
    {
        Expect(StreamStage.Key, nameof(EndKey));
        _keyLength = _cursor - (_keySlot + Slot);
        _stage = StreamStage.AfterKey;
    }

    /// <summary>Writes the key in one step.</summary>
    public void WriteKey(ReadOnlySpan<byte> key)
    {
        BeginKey().Write(key);
        EndKey();
    }

    /// <summary>Writes a null key.</summary>
    public void WriteNullKey()
    {
        Expect(StreamStage.Prefix, nameof(WriteNullKey));
        _keySlot = ReserveSlot();
        _keyLength = -1;
        _stage = StreamStage.AfterKey;
    }

    /// <summary>Opens the value: write its bytes to the returned writer, then call <see cref="EndValue"/>.</summary>
    public IBufferWriter<byte> BeginValue()
    {
        Expect(StreamStage.AfterKey, nameof(BeginValue));
        _valueSlot = ReserveSlot();
        _stage = StreamStage.Value;
        return _segmentWriter ??= new SegmentWriter(this);
    }

    /// <summary>Closes the value opened by <see cref="BeginValue"/>.</summary>
    public void EndValue()
    {
        Expect(StreamStage.Value, nameof(EndValue));
        _valueLength = _cursor - (_valueSlot + Slot);
        OpenHeaders();
    }

    /// <summary>Writes the value in one step.</summary>
    public void WriteValue(ReadOnlySpan<byte> value)
    {
        BeginValue().Write(value);
        EndValue();
    }

    /// <summary>Writes a null value (tombstone).</summary>
    public void WriteNullValue()
    {
        Expect(StreamStage.AfterKey, nameof(WriteNullValue));
        _valueSlot = ReserveSlot();
        _valueLength = -1;
        OpenHeaders();
    }

    /// <summary>Adds a header to the streamed record (after its value).</summary>
    public void AddHeader(in RecordHeader header)
    {
        Expect(StreamStage.AfterValue, nameof(AddHeader));
        var keyBytes = Encoding.UTF8.GetByteCount(header.Key);
        var valueLength = header.IsValueNull ? -1 : header.Value.Length;
        EnsureCapacity(_cursor + (2L * Slot) + keyBytes + Math.Max(valueLength, 0));
        _cursor += WriteHeader(_buffer.AsSpan(_cursor), header);
        _headerCount++;
    }

    /// <summary>
    /// Finishes the streamed record. Returns false when the batch already holds records and this one would pass
    /// <see cref="BatchSizeLimit"/>: the record is then kept aside, and <see cref="TryMoveRejectedRecordTo"/> moves it into
    /// a new batch without serializing again (or <see cref="CancelRecord"/> drops it).
    /// </summary>
    public bool EndRecord()
    {
        Expect(StreamStage.AfterValue, nameof(EndRecord));
        var buffer = _buffer.AsSpan();
        var prefixStart = _recordStart + Slot;
        var prefixLength = _keySlot - prefixStart;
        var headersStart = _headerSlot + Slot;
        var headersLength = _cursor - headersStart;
        var bodySize = BodySize(_streamTimestampDelta, _recordCount, _keyLength, _valueLength, _headerCount, headersLength);

        var w = _recordStart;
        w += Varint.Write(buffer[w..], bodySize);
        w = Move(buffer, prefixStart, prefixLength, w);
        w += Varint.Write(buffer[w..], _keyLength);
        w = Move(buffer, _keySlot + Slot, Math.Max(_keyLength, 0), w);
        w += Varint.Write(buffer[w..], _valueLength);
        w = Move(buffer, _valueSlot + Slot, Math.Max(_valueLength, 0), w);
        w += Varint.Write(buffer[w..], _headerCount);
        w = Move(buffer, headersStart, headersLength, w);
        var recordSize = w - _recordStart;

        if (!HasRoomFor(recordSize))
        {
            _rejectedSize = recordSize;
            _stage = StreamStage.Rejected;
            return false;
        }

        _stage = StreamStage.None;
        Commit(_streamTimestamp, recordSize);
        return true;
    }

    /// <summary>Drops the open or rejected streamed record (e.g. when the serializer threw).</summary>
    public void CancelRecord() => _stage = StreamStage.None;

    /// <summary>
    /// Appends the record rejected by <see cref="EndRecord"/> to <paramref name="target"/> (typically a fresh batch, where
    /// it always fits) and forgets it here.
    /// </summary>
    /// <returns>False when it does not fit in <paramref name="target"/> either (it stays rejected here).</returns>
    /// <exception cref="InvalidOperationException">There is no rejected record.</exception>
    public bool TryMoveRejectedRecordTo(RecordBatchBuilder target)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (ReferenceEquals(target, this))
        {
            throw new ArgumentException("Move the rejected record to a different builder (a new batch).", nameof(target));
        }

        Expect(StreamStage.Rejected, nameof(TryMoveRejectedRecordTo));
        ReadOnlySpan<byte> encoded = _buffer.AsSpan(_recordStart, _rejectedSize);
        var record = RecordParser.Parse(ref encoded, _recordCount, _recordCount, 0, _baseTimestamp, false, 0);
        if (!target.TryAppendEncoded(_streamTimestamp, record.Key, record.IsKeyNull, record.Value, record.IsValueNull, record.HeaderCount, record.RawHeaders))
        {
            return false;
        }

        _stage = StreamStage.None;
        return true;
    }

    private static int Move(Span<byte> buffer, int from, int count, int to)
    {
        if (from != to && count > 0)
        {
            buffer.Slice(from, count).CopyTo(buffer[to..]);
        }

        return to + count;
    }

    [DoesNotReturn]
    private static void ThrowStreamOpen() =>
        throw new InvalidOperationException(
            "A streamed record is open or was rejected; finish it with EndRecord, move it with TryMoveRejectedRecordTo, or drop it with CancelRecord.");

    private void ResetStreaming() => _stage = StreamStage.None;

    private void OpenHeaders()
    {
        _headerSlot = ReserveSlot();
        _headerCount = 0;
        _stage = StreamStage.AfterValue;
    }

    private int ReserveSlot()
    {
        EnsureCapacity(_cursor + Slot);
        var slot = _cursor;
        _cursor += Slot;
        return slot;
    }

    private void Expect(StreamStage stage, string operation)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_stage != stage)
        {
            throw new InvalidOperationException(
                $"{operation} is not valid now (record state: {_stage}). Order: BeginRecord, key (BeginKey/EndKey, WriteKey or WriteNullKey), value likewise, AddHeader*, EndRecord.");
        }
    }

    /// <summary>The IBufferWriter a serializer writes a key or value into; it appends at the builder's cursor.</summary>
    private sealed class SegmentWriter(RecordBatchBuilder owner) : IBufferWriter<byte>
    {
        public void Advance(int count)
        {
            owner.EnsureSegmentOpen();
            if ((uint)count > (uint)(owner._buffer.Length - owner._cursor))
            {
                throw new ArgumentOutOfRangeException(nameof(count), count, "Advance past the span returned by GetSpan/GetMemory.");
            }

            owner._cursor += count;
        }

        public Memory<byte> GetMemory(int sizeHint = 0)
        {
            owner.EnsureSegmentOpen();
            owner.EnsureCapacity(owner._cursor + (long)Math.Max(sizeHint, 1));
            return owner._buffer.AsMemory(owner._cursor);
        }

        public Span<byte> GetSpan(int sizeHint = 0)
        {
            owner.EnsureSegmentOpen();
            owner.EnsureCapacity(owner._cursor + (long)Math.Max(sizeHint, 1));
            return owner._buffer.AsSpan(owner._cursor);
        }
    }

    private void EnsureSegmentOpen()
    {
        if (_stage is not (StreamStage.Key or StreamStage.Value))
        {
            throw new InvalidOperationException("The key/value writer is closed; write only between BeginKey/EndKey or BeginValue/EndValue.");
        }
    }
}
