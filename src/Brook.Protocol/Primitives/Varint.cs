using System.Numerics;
using System.Runtime.CompilerServices;

namespace Brook.Protocol.Primitives;

/// <summary>
/// Kafka's variable-length integers (protocol guide "Protocol Primitive Types"; KIP-482):
/// UNSIGNED_VARINT is 7 bits per byte, least-significant group first, high bit = more bytes;
/// VARINT/VARLONG are zig-zag encoded first and are used inside records only.
/// </summary>
public static class Varint
{
    /// <summary>Largest encoding of a 32-bit varint.</summary>
    public const int MaxLength32 = 5;

    /// <summary>Largest encoding of a 64-bit varint.</summary>
    public const int MaxLength64 = 10;

    /// <summary>Bytes needed for <paramref name="value"/> as UNSIGNED_VARINT.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int SizeOfUnsigned(uint value) => ((31 - BitOperations.LeadingZeroCount(value | 1)) / 7) + 1;

    /// <summary>Bytes needed for <paramref name="value"/> as an unsigned 64-bit varint.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int SizeOfUnsigned(ulong value) => ((63 - BitOperations.LeadingZeroCount(value | 1)) / 7) + 1;

    /// <summary>Bytes needed for <paramref name="value"/> as zig-zag VARINT.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int SizeOf(int value) => SizeOfUnsigned(ZigZag(value));

    /// <summary>Bytes needed for <paramref name="value"/> as zig-zag VARLONG.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int SizeOf(long value) => SizeOfUnsigned(ZigZag(value));

    /// <summary>Zig-zag maps signed to unsigned so small magnitudes stay short: <c>(n &lt;&lt; 1) ^ (n &gt;&gt; 31)</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint ZigZag(int value) => (uint)((value << 1) ^ (value >> 31));

    /// <summary>Zig-zag for 64-bit values: <c>(n &lt;&lt; 1) ^ (n &gt;&gt; 63)</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong ZigZag(long value) => (ulong)((value << 1) ^ (value >> 63));

    /// <summary>Inverse of <see cref="ZigZag(int)"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int UnZigZag(uint value) => (int)(value >> 1) ^ -(int)(value & 1);

    /// <summary>Inverse of <see cref="ZigZag(long)"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long UnZigZag(ulong value) => (long)(value >> 1) ^ -(long)(value & 1);

    /// <summary>Writes an UNSIGNED_VARINT; returns the bytes written. The span must hold <see cref="SizeOfUnsigned(uint)"/> bytes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int WriteUnsigned(Span<byte> destination, uint value)
    {
        if (value < 0x80 && destination.Length > 0)
        {
            destination[0] = (byte)value;
            return 1;
        }

        return WriteUnsignedSlow(destination, value);
    }

    /// <summary>Writes an unsigned 64-bit varint; returns the bytes written.</summary>
    public static int WriteUnsigned(Span<byte> destination, ulong value)
    {
        var i = 0;
        while (value >= 0x80)
        {
            destination[i++] = (byte)(value | 0x80);
            value >>= 7;
        }

        destination[i++] = (byte)value;
        return i;
    }

    /// <summary>Writes a zig-zag VARINT; returns the bytes written.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Write(Span<byte> destination, int value) => WriteUnsigned(destination, ZigZag(value));

    /// <summary>Writes a zig-zag VARLONG; returns the bytes written.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Write(Span<byte> destination, long value) => WriteUnsigned(destination, ZigZag(value));

    /// <summary>
    /// Reads an UNSIGNED_VARINT of at most 5 bytes.
    /// Returns <see cref="VarintStatus.Done"/>, <see cref="VarintStatus.NeedMoreData"/> when the input ends mid-value,
    /// or <see cref="VarintStatus.Malformed"/> when it runs past 5 bytes or overflows 32 bits.
    /// </summary>
    public static VarintStatus TryReadUnsigned(ReadOnlySpan<byte> source, out uint value, out int bytesRead)
    {
        uint result = 0;
        for (var i = 0; i < MaxLength32; i++)
        {
            if (i >= source.Length)
            {
                value = 0;
                bytesRead = 0;
                return VarintStatus.NeedMoreData;
            }

            uint b = source[i];
            if (i == MaxLength32 - 1 && b > 0x0F)
            {
                break; // more than 32 bits of payload
            }

            result |= (b & 0x7F) << (7 * i);
            if (b < 0x80)
            {
                value = result;
                bytesRead = i + 1;
                return VarintStatus.Done;
            }
        }

        value = 0;
        bytesRead = 0;
        return VarintStatus.Malformed;
    }

    /// <summary>Reads an unsigned 64-bit varint of at most 10 bytes (see <see cref="TryReadUnsigned(ReadOnlySpan{byte}, out uint, out int)"/>).</summary>
    public static VarintStatus TryReadUnsigned(ReadOnlySpan<byte> source, out ulong value, out int bytesRead)
    {
        ulong result = 0;
        for (var i = 0; i < MaxLength64; i++)
        {
            if (i >= source.Length)
            {
                value = 0;
                bytesRead = 0;
                return VarintStatus.NeedMoreData;
            }

            ulong b = source[i];
            if (i == MaxLength64 - 1 && b > 0x01)
            {
                break; // more than 64 bits of payload
            }

            result |= (b & 0x7F) << (7 * i);
            if (b < 0x80)
            {
                value = result;
                bytesRead = i + 1;
                return VarintStatus.Done;
            }
        }

        value = 0;
        bytesRead = 0;
        return VarintStatus.Malformed;
    }

    /// <summary>Reads a zig-zag VARINT.</summary>
    public static VarintStatus TryRead(ReadOnlySpan<byte> source, out int value, out int bytesRead)
    {
        var status = TryReadUnsigned(source, out uint raw, out bytesRead);
        value = UnZigZag(raw);
        return status;
    }

    /// <summary>Reads a zig-zag VARLONG.</summary>
    public static VarintStatus TryRead(ReadOnlySpan<byte> source, out long value, out int bytesRead)
    {
        var status = TryReadUnsigned(source, out ulong raw, out bytesRead);
        value = UnZigZag(raw);
        return status;
    }

    private static int WriteUnsignedSlow(Span<byte> destination, uint value)
    {
        var i = 0;
        while (value >= 0x80)
        {
            destination[i++] = (byte)(value | 0x80);
            value >>= 7;
        }

        destination[i++] = (byte)value;
        return i;
    }
}
