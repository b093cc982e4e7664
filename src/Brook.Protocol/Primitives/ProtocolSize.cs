using System.Text;

namespace Brook.Protocol.Primitives;

/// <summary>Encoded sizes of the protocol primitives, for the size-first-then-write encoders.</summary>
public static class ProtocolSize
{
    /// <summary>Size of STRING.</summary>
    public static int String(string value) => 2 + Encoding.UTF8.GetByteCount(value);

    /// <summary>Size of NULLABLE_STRING.</summary>
    public static int NullableString(string? value) => value is null ? 2 : String(value);

    /// <summary>Size of COMPACT_STRING.</summary>
    public static int CompactString(string value)
    {
        var length = Encoding.UTF8.GetByteCount(value);
        return Varint.SizeOfUnsigned((uint)length + 1) + length;
    }

    /// <summary>Size of COMPACT_NULLABLE_STRING.</summary>
    public static int CompactNullableString(string? value) => value is null ? 1 : CompactString(value);

    /// <summary>Size of BYTES (or non-null NULLABLE_BYTES) of <paramref name="length"/> bytes.</summary>
    public static int Bytes(int length) => 4 + length;

    /// <summary>Size of COMPACT_BYTES (or non-null COMPACT_NULLABLE_BYTES) of <paramref name="length"/> bytes.</summary>
    public static int CompactBytes(int length) => Varint.SizeOfUnsigned((uint)length + 1) + length;

    /// <summary>Size of a COMPACT_ARRAY count (pass -1 for null).</summary>
    public static int CompactArrayLength(int count) => count < 0 ? 1 : Varint.SizeOfUnsigned((uint)count + 1);

    /// <summary>Size of an UNSIGNED_VARINT.</summary>
    public static int UnsignedVarint(int value) => Varint.SizeOfUnsigned((uint)value);

    /// <summary>Size of a tagged field: tag, size and <paramref name="valueSize"/> value bytes.</summary>
    public static int TaggedField(int tag, int valueSize) =>
        Varint.SizeOfUnsigned((uint)tag) + Varint.SizeOfUnsigned((uint)valueSize) + valueSize;

    /// <summary>Size of a list of unknown tagged fields (their tag/size headers and values).</summary>
    public static int RawTaggedFields(List<RawTaggedField>? fields)
    {
        if (fields is null)
        {
            return 0;
        }

        var size = 0;
        foreach (var field in fields)
        {
            size += TaggedField(field.Tag, field.Data.Length);
        }

        return size;
    }
}
