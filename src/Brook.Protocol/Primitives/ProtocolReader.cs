using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Text;

namespace Brook.Protocol.Primitives;

/// <summary>
/// Reads Kafka protocol primitives from one complete in-memory frame. BYTES and RECORDS can be read as
/// zero-copy slices of the frame. Every length and count is checked against the bytes remaining before
/// anything is allocated, so a forged count can never cause a large allocation; any malformed or truncated
/// input throws <see cref="ProtocolException"/>.
/// </summary>
public ref struct ProtocolReader
{
    private readonly ReadOnlyMemory<byte> _memory;
    private readonly ReadOnlySpan<byte> _span;
    private int _position;

    /// <summary>Creates a reader over <paramref name="frame"/>, positioned at its start.</summary>
    public ProtocolReader(ReadOnlyMemory<byte> frame)
    {
        _memory = frame;
        _span = frame.Span;
        _position = 0;
    }

    /// <summary>Bytes consumed so far.</summary>
    public readonly int Position => _position;

    /// <summary>Bytes not yet consumed.</summary>
    public readonly int Remaining => _span.Length - _position;

    /// <summary>True when every byte has been consumed.</summary>
    public readonly bool IsAtEnd => _position == _span.Length;

    /// <summary>Reads INT8.</summary>
    public sbyte ReadInt8() => (sbyte)Take(1)[0];

    /// <summary>Reads BOOLEAN (any non-zero byte is true).</summary>
    public bool ReadBool() => Take(1)[0] != 0;

    /// <summary>Reads INT16.</summary>
    public short ReadInt16() => BinaryPrimitives.ReadInt16BigEndian(Take(2));

    /// <summary>Reads UINT16.</summary>
    public ushort ReadUInt16() => BinaryPrimitives.ReadUInt16BigEndian(Take(2));

    /// <summary>Reads INT32.</summary>
    public int ReadInt32() => BinaryPrimitives.ReadInt32BigEndian(Take(4));

    /// <summary>Reads UINT32.</summary>
    public uint ReadUInt32() => BinaryPrimitives.ReadUInt32BigEndian(Take(4));

    /// <summary>Reads INT64.</summary>
    public long ReadInt64() => BinaryPrimitives.ReadInt64BigEndian(Take(8));

    /// <summary>Reads FLOAT64.</summary>
    public double ReadFloat64() => BinaryPrimitives.ReadDoubleBigEndian(Take(8));

    /// <summary>Reads UUID (most-significant 64 bits first, big-endian).</summary>
    public Guid ReadUuid() => new(Take(16), bigEndian: true);

    /// <summary>Reads UNSIGNED_VARINT (at most 5 bytes).</summary>
    public uint ReadUnsignedVarint()
    {
        var status = Varint.TryReadUnsigned(_span[_position..], out uint value, out var read);
        if (status != VarintStatus.Done)
        {
            ThrowVarint(status);
        }

        _position += read;
        return value;
    }

    /// <summary>Reads zig-zag VARINT.</summary>
    public int ReadVarint() => Varint.UnZigZag(ReadUnsignedVarint());

    /// <summary>Reads zig-zag VARLONG.</summary>
    public long ReadVarlong()
    {
        var status = Varint.TryReadUnsigned(_span[_position..], out ulong value, out var read);
        if (status != VarintStatus.Done)
        {
            ThrowVarint(status);
        }

        _position += read;
        return Varint.UnZigZag(value);
    }

    /// <summary>Reads STRING (int16 length; null is rejected).</summary>
    public string ReadString() => ReadNullableString() ?? throw Fail("A non-nullable STRING had length -1.");

    /// <summary>Reads NULLABLE_STRING (int16 length, -1 = null).</summary>
    public string? ReadNullableString()
    {
        int length = ReadInt16();
        return length == -1 ? null : DecodeUtf8(length);
    }

    /// <summary>Reads COMPACT_STRING (UNSIGNED_VARINT N+1; null is rejected).</summary>
    public string ReadCompactString() => ReadCompactNullableString() ?? throw Fail("A non-nullable COMPACT_STRING was null.");

    /// <summary>Reads COMPACT_NULLABLE_STRING (UNSIGNED_VARINT 0 = null, else N+1).</summary>
    public string? ReadCompactNullableString()
    {
        var length = ReadCompactLength();
        return length < 0 ? null : DecodeUtf8(length);
    }

    /// <summary>Reads STRING; returns <paramref name="reuse"/> instead of a new string when the bytes spell it (ASCII).</summary>
    public string ReadString(string? reuse) => ReadNullableString(reuse) ?? throw Fail("A non-nullable STRING had length -1.");

    /// <summary>Reads NULLABLE_STRING; returns <paramref name="reuse"/> instead of a new string when the bytes spell it (ASCII).</summary>
    public string? ReadNullableString(string? reuse)
    {
        int length = ReadInt16();
        return length == -1 ? null : DecodeUtf8(length, reuse);
    }

    /// <summary>Reads COMPACT_STRING; returns <paramref name="reuse"/> instead of a new string when the bytes spell it (ASCII).</summary>
    public string ReadCompactString(string? reuse) => ReadCompactNullableString(reuse) ?? throw Fail("A non-nullable COMPACT_STRING was null.");

    /// <summary>Reads COMPACT_NULLABLE_STRING; returns <paramref name="reuse"/> instead of a new string when the bytes spell it (ASCII).</summary>
    public string? ReadCompactNullableString(string? reuse)
    {
        var length = ReadCompactLength();
        return length < 0 ? null : DecodeUtf8(length, reuse);
    }

    /// <summary>Reads BYTES as a zero-copy slice of the frame (null is rejected).</summary>
    public ReadOnlyMemory<byte> ReadBytesMemory() => ReadNullableBytesMemory() ?? throw Fail("A non-nullable BYTES had length -1.");

    /// <summary>Reads NULLABLE_BYTES as a zero-copy slice of the frame.</summary>
    public ReadOnlyMemory<byte>? ReadNullableBytesMemory()
    {
        var length = ReadInt32();
        return length == -1 ? (ReadOnlyMemory<byte>?)null : Slice(length);
    }

    /// <summary>Reads COMPACT_BYTES as a zero-copy slice of the frame (null is rejected).</summary>
    public ReadOnlyMemory<byte> ReadCompactBytesMemory() => ReadCompactNullableBytesMemory() ?? throw Fail("A non-nullable COMPACT_BYTES was null.");

    /// <summary>Reads COMPACT_NULLABLE_BYTES as a zero-copy slice of the frame.</summary>
    public ReadOnlyMemory<byte>? ReadCompactNullableBytesMemory()
    {
        var length = ReadCompactLength();
        return length < 0 ? (ReadOnlyMemory<byte>?)null : Slice(length);
    }

    /// <summary>Reads BYTES into a new array.</summary>
    public byte[] ReadBytes() => ReadBytesMemory().ToArray();

    /// <summary>Reads NULLABLE_BYTES into a new array.</summary>
    public byte[]? ReadNullableBytes() => ReadNullableBytesMemory()?.ToArray();

    /// <summary>Reads COMPACT_BYTES into a new array.</summary>
    public byte[] ReadCompactBytes() => ReadCompactBytesMemory().ToArray();

    /// <summary>Reads COMPACT_NULLABLE_BYTES into a new array.</summary>
    public byte[]? ReadCompactNullableBytes() => ReadCompactNullableBytesMemory()?.ToArray();

    /// <summary>
    /// Reads an ARRAY count (int32, -1 = null). The count is checked against the bytes remaining,
    /// at <paramref name="minElementSize"/> bytes per element (at least 1), before the caller allocates.
    /// </summary>
    public int ReadArrayLength(int minElementSize = 1)
    {
        var count = ReadInt32();
        if (count < -1)
        {
            throw Fail($"ARRAY count {count} is negative.");
        }

        CheckCount(count, minElementSize);
        return count;
    }

    /// <summary>Reads a COMPACT_ARRAY count (UNSIGNED_VARINT N+1, 0 = null → -1), checked like <see cref="ReadArrayLength"/>.</summary>
    public int ReadCompactArrayLength(int minElementSize = 1)
    {
        var count = ReadCompactLength();
        CheckCount(count, minElementSize);
        return count;
    }

    /// <summary>Reads a TAG_BUFFER field count, checked against the remaining bytes (each field takes at least 2).</summary>
    public int ReadTagCount()
    {
        var count = ReadUnsignedVarint();
        if (count > (uint)Remaining / 2)
        {
            throw Fail($"TAG_BUFFER claims {count} fields but only {Remaining} bytes remain.");
        }

        return (int)count;
    }

    /// <summary>
    /// Reads one tagged field header and returns a reader over exactly its value bytes (the parent moves past them).
    /// <paramref name="previousTag"/> enforces strictly ascending tags; pass -1 for the first field.
    /// </summary>
    public ProtocolReader ReadTaggedField(int previousTag, out int tag, out ReadOnlyMemory<byte> data)
    {
        var rawTag = ReadUnsignedVarint();
        if (rawTag > int.MaxValue || (int)rawTag <= previousTag)
        {
            throw Fail($"Tagged field {rawTag} follows tag {previousTag}; tags must be strictly ascending.");
        }

        tag = (int)rawTag;
        var size = ReadUnsignedVarint();
        if (size > (uint)Remaining)
        {
            throw Fail($"Tagged field {tag} claims {size} bytes but only {Remaining} remain.");
        }

        data = Slice((int)size);
        return new ProtocolReader(data);
    }

    /// <summary>Throws when a tagged field's value did not use exactly its declared size.</summary>
    public readonly void EnsureTaggedFieldConsumed(int tag)
    {
        if (!IsAtEnd)
        {
            throw Fail($"Tagged field {tag} left {Remaining} unread bytes.");
        }
    }

    /// <summary>Returns the next <paramref name="length"/> bytes as a zero-copy slice and moves past them.</summary>
    public ReadOnlyMemory<byte> ReadRaw(int length) => Slice(length);

    /// <summary>Creates the exception decoders throw; exposed for generated code.</summary>
    public readonly ProtocolException Fail(string message) =>
        new($"{message} (at byte {_position} of {_span.Length}).");

    /// <summary>Throws for a null value in a version where the field is not nullable.</summary>
    [DoesNotReturn]
    public readonly void ThrowUnexpectedNull(string field, short version) =>
        throw Fail($"{field} is null, but it is not nullable in version {version}.");

    private int ReadCompactLength()
    {
        var raw = ReadUnsignedVarint();
        return raw == 0 ? -1 : (int)(raw - 1);
    }

    private readonly void CheckCount(int count, int minElementSize)
    {
        if (count > 0 && (long)count * Math.Max(1, minElementSize) > Remaining)
        {
            throw Fail($"ARRAY claims {count} elements but only {Remaining} bytes remain.");
        }
    }

    private string DecodeUtf8(int length)
    {
        if (length < 0)
        {
            throw Fail($"String length {length} is negative.");
        }

        return Encoding.UTF8.GetString(Take(length));
    }

    // Reused decoding (pooled responses): a repeated name (topic, host) costs a comparison, not a string. Only ASCII
    // text is matched byte for char, which is exact; anything else is decoded as usual.
    private string DecodeUtf8(int length, string? reuse)
    {
        if (length < 0)
        {
            throw Fail($"String length {length} is negative.");
        }

        var bytes = Take(length);
        return reuse is not null && IsAsciiSpelling(bytes, reuse) ? reuse : Encoding.UTF8.GetString(bytes);
    }

    private static bool IsAsciiSpelling(ReadOnlySpan<byte> bytes, string text)
    {
        if (bytes.Length != text.Length)
        {
            return false;
        }

        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] >= 0x80 || bytes[i] != text[i])
            {
                return false;
            }
        }

        return true;
    }

    private ReadOnlyMemory<byte> Slice(int length)
    {
        if (length < 0 || length > Remaining)
        {
            throw Fail($"Length {length} exceeds the {Remaining} bytes remaining.");
        }

        var slice = _memory.Slice(_position, length);
        _position += length;
        return slice;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ReadOnlySpan<byte> Take(int count)
    {
        if ((uint)count > (uint)(_span.Length - _position))
        {
            ThrowTruncated(count);
        }

        var span = _span.Slice(_position, count);
        _position += count;
        return span;
    }

    [DoesNotReturn]
    private readonly void ThrowTruncated(int count) =>
        throw Fail($"Needed {count} bytes but only {Remaining} remain; the frame is truncated.");

    [DoesNotReturn]
    private readonly void ThrowVarint(VarintStatus status) =>
        throw Fail(status == VarintStatus.NeedMoreData ? "UNSIGNED_VARINT is truncated." : "UNSIGNED_VARINT is longer than its type allows.");
}
