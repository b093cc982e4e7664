using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Text;

namespace Brook.Protocol.Primitives;

/// <summary>
/// Writes Kafka protocol primitives big-endian into a caller-sized <see cref="Span{T}"/>
/// (protocol guide "Protocol Primitive Types"; KIP-482 for the compact forms).
/// Callers size first with <see cref="ProtocolSize"/> or a message's <c>ComputeSize</c>, then write;
/// running past the span is a caller bug and throws <see cref="ArgumentOutOfRangeException"/>.
/// </summary>
public ref struct ProtocolWriter
{
    private readonly Span<byte> _buffer;
    private int _position;

    /// <summary>Creates a writer that starts at the beginning of <paramref name="buffer"/>.</summary>
    public ProtocolWriter(Span<byte> buffer)
    {
        _buffer = buffer;
        _position = 0;
    }

    /// <summary>Bytes written so far.</summary>
    public readonly int Position => _position;

    /// <summary>Bytes still free in the destination.</summary>
    public readonly int Remaining => _buffer.Length - _position;

    /// <summary>The bytes written so far.</summary>
    public readonly ReadOnlySpan<byte> Written => _buffer[.._position];

    /// <summary>Writes INT8.</summary>
    public void WriteInt8(sbyte value) => Take(1)[0] = (byte)value;

    /// <summary>Writes BOOLEAN as 1 or 0.</summary>
    public void WriteBool(bool value) => Take(1)[0] = value ? (byte)1 : (byte)0;

    /// <summary>Writes INT16 big-endian.</summary>
    public void WriteInt16(short value) => BinaryPrimitives.WriteInt16BigEndian(Take(2), value);

    /// <summary>Writes UINT16 big-endian.</summary>
    public void WriteUInt16(ushort value) => BinaryPrimitives.WriteUInt16BigEndian(Take(2), value);

    /// <summary>Writes INT32 big-endian.</summary>
    public void WriteInt32(int value) => BinaryPrimitives.WriteInt32BigEndian(Take(4), value);

    /// <summary>Writes UINT32 big-endian.</summary>
    public void WriteUInt32(uint value) => BinaryPrimitives.WriteUInt32BigEndian(Take(4), value);

    /// <summary>Writes INT64 big-endian.</summary>
    public void WriteInt64(long value) => BinaryPrimitives.WriteInt64BigEndian(Take(8), value);

    /// <summary>Writes FLOAT64 (IEEE 754 binary64) big-endian.</summary>
    public void WriteFloat64(double value) => BinaryPrimitives.WriteDoubleBigEndian(Take(8), value);

    /// <summary>
    /// Writes UUID: 16 bytes, most-significant 64 bits then least-significant, big-endian
    /// (the RFC 4122 byte order of the Guid's text form).
    /// </summary>
    public void WriteUuid(Guid value)
    {
        if (!value.TryWriteBytes(Take(16), bigEndian: true, out _))
        {
            throw new ArgumentOutOfRangeException(nameof(value), "No room for a UUID.");
        }
    }

    /// <summary>Writes UNSIGNED_VARINT.</summary>
    public void WriteUnsignedVarint(uint value)
    {
        _position += Varint.WriteUnsigned(_buffer[_position..], value);
    }

    /// <summary>Writes zig-zag VARINT.</summary>
    public void WriteVarint(int value) => _position += Varint.Write(_buffer[_position..], value);

    /// <summary>Writes zig-zag VARLONG.</summary>
    public void WriteVarlong(long value) => _position += Varint.Write(_buffer[_position..], value);

    /// <summary>Writes STRING: int16 length then UTF-8 bytes.</summary>
    public void WriteString(string value)
    {
        ArgumentNullException.ThrowIfNull(value, "STRING value (use WriteNullableString for null)");
        var length = Encoding.UTF8.GetByteCount(value);
        if (length > short.MaxValue)
        {
            throw new ArgumentException($"A STRING holds at most {short.MaxValue} UTF-8 bytes; this one has {length}. Shorten it.", nameof(value));
        }

        WriteInt16((short)length);
        Encoding.UTF8.GetBytes(value, Take(length));
    }

    /// <summary>Writes NULLABLE_STRING: int16 length, -1 for null.</summary>
    public void WriteNullableString(string? value)
    {
        if (value is null)
        {
            WriteInt16(-1);
        }
        else
        {
            WriteString(value);
        }
    }

    /// <summary>Writes COMPACT_STRING: UNSIGNED_VARINT (N+1) then UTF-8 bytes.</summary>
    public void WriteCompactString(string value)
    {
        ArgumentNullException.ThrowIfNull(value, "COMPACT_STRING value (use WriteCompactNullableString for null)");
        var length = Encoding.UTF8.GetByteCount(value);
        WriteUnsignedVarint((uint)length + 1);
        Encoding.UTF8.GetBytes(value, Take(length));
    }

    /// <summary>Writes COMPACT_NULLABLE_STRING: UNSIGNED_VARINT 0 for null, else N+1, then bytes.</summary>
    public void WriteCompactNullableString(string? value)
    {
        if (value is null)
        {
            WriteUnsignedVarint(0);
        }
        else
        {
            WriteCompactString(value);
        }
    }

    /// <summary>Writes BYTES: int32 length then the bytes.</summary>
    public void WriteBytes(ReadOnlySpan<byte> value)
    {
        WriteInt32(value.Length);
        WriteRaw(value);
    }

    /// <summary>Writes NULLABLE_BYTES: int32 length, -1 when <paramref name="isNull"/>.</summary>
    public void WriteNullableBytes(ReadOnlySpan<byte> value, bool isNull)
    {
        if (isNull)
        {
            WriteInt32(-1);
        }
        else
        {
            WriteBytes(value);
        }
    }

    /// <summary>Writes COMPACT_BYTES: UNSIGNED_VARINT (N+1) then the bytes.</summary>
    public void WriteCompactBytes(ReadOnlySpan<byte> value)
    {
        WriteUnsignedVarint((uint)value.Length + 1);
        WriteRaw(value);
    }

    /// <summary>Writes COMPACT_NULLABLE_BYTES: UNSIGNED_VARINT 0 when <paramref name="isNull"/>, else N+1, then bytes.</summary>
    public void WriteCompactNullableBytes(ReadOnlySpan<byte> value, bool isNull)
    {
        if (isNull)
        {
            WriteUnsignedVarint(0);
        }
        else
        {
            WriteCompactBytes(value);
        }
    }

    /// <summary>Writes an ARRAY count: int32, -1 for a null array.</summary>
    public void WriteArrayLength(int count) => WriteInt32(count < 0 ? -1 : count);

    /// <summary>Writes a COMPACT_ARRAY count: UNSIGNED_VARINT (N+1), 0 for a null array (pass -1).</summary>
    public void WriteCompactArrayLength(int count) => WriteUnsignedVarint(count < 0 ? 0u : (uint)count + 1);

    /// <summary>Writes one tagged field's tag and size; the caller writes exactly <paramref name="size"/> value bytes next.</summary>
    public void WriteTagHeader(int tag, int size)
    {
        WriteUnsignedVarint((uint)tag);
        WriteUnsignedVarint((uint)size);
    }

    /// <summary>Writes an unknown tagged field as it was read: tag, size, bytes.</summary>
    public void WriteRawTaggedField(RawTaggedField field)
    {
        WriteTagHeader(field.Tag, field.Data.Length);
        WriteRaw(field.Data.Span);
    }

    /// <summary>
    /// Writes the unknown tagged fields whose tag is below <paramref name="tagLimit"/>, starting at <paramref name="index"/>,
    /// so known and unknown tags interleave in ascending order.
    /// </summary>
    public void WriteRawTaggedFieldsBelow(List<RawTaggedField>? fields, ref int index, int tagLimit)
    {
        if (fields is null)
        {
            return;
        }

        while (index < fields.Count && fields[index].Tag < tagLimit)
        {
            WriteRawTaggedField(fields[index]);
            index++;
        }
    }

    /// <summary>Copies bytes verbatim.</summary>
    public void WriteRaw(ReadOnlySpan<byte> value) => value.CopyTo(Take(value.Length));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Span<byte> Take(int count)
    {
        var span = _buffer.Slice(_position, count);
        _position += count;
        return span;
    }
}
