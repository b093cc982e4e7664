namespace Brook.Protocol.Records;

/// <summary>
/// One decoded record: spans into the batch (or its decompressed records), valid while the reader or builder that
/// produced it is alive and unchanged. Nothing is copied.
/// </summary>
public readonly ref struct Record
{
    private readonly ReadOnlySpan<byte> _key;
    private readonly ReadOnlySpan<byte> _value;
    private readonly ReadOnlySpan<byte> _rawHeaders;

    internal Record(
        long offset,
        int offsetDelta,
        long timestamp,
        long timestampDelta,
        byte attributes,
        ReadOnlySpan<byte> key,
        bool isKeyNull,
        ReadOnlySpan<byte> value,
        bool isValueNull,
        int headerCount,
        ReadOnlySpan<byte> rawHeaders,
        int encodedSize)
    {
        Offset = offset;
        OffsetDelta = offsetDelta;
        Timestamp = timestamp;
        TimestampDelta = timestampDelta;
        Attributes = attributes;
        _key = key;
        IsKeyNull = isKeyNull;
        _value = value;
        IsValueNull = isValueNull;
        HeaderCount = headerCount;
        _rawHeaders = rawHeaders;
        EncodedSize = encodedSize;
    }

    /// <summary>Absolute offset: batch baseOffset + <see cref="OffsetDelta"/>.</summary>
    public long Offset { get; }

    /// <summary>Position of the record in its batch.</summary>
    public int OffsetDelta { get; }

    /// <summary>Absolute timestamp: baseTimestamp + delta, or the batch maxTimestamp under LogAppendTime.</summary>
    public long Timestamp { get; }

    /// <summary>The stored timestampDelta (may be negative).</summary>
    public long TimestampDelta { get; }

    /// <summary>Record attributes byte (unused by Kafka, 0).</summary>
    public byte Attributes { get; }

    /// <summary>Key bytes (empty when <see cref="IsKeyNull"/>).</summary>
    public ReadOnlySpan<byte> Key => _key;

    /// <summary>True when the key is null (length -1).</summary>
    public bool IsKeyNull { get; }

    /// <summary>Value bytes (empty when <see cref="IsValueNull"/>).</summary>
    public ReadOnlySpan<byte> Value => _value;

    /// <summary>True when the value is null (length -1, a tombstone).</summary>
    public bool IsValueNull { get; }

    /// <summary>Number of headers.</summary>
    public int HeaderCount { get; }

    /// <summary>The headers, decoded lazily (they were validated when the record was read).</summary>
    public RecordHeaderEnumerator Headers => new(_rawHeaders, HeaderCount);

    /// <summary>Bytes the record occupies in the (uncompressed) records section, including its length prefix.</summary>
    public int EncodedSize { get; }

    /// <summary>The encoded headers (after the count), for re-encoding a record without decoding its headers.</summary>
    internal ReadOnlySpan<byte> RawHeaders => _rawHeaders;
}
