using System.Buffers;
using System.Buffers.Binary;

namespace Brook.Protocol.Framing;

/// <summary>
/// Splits a byte stream into Kafka frames: <c>Size int32</c> (big-endian, counts the bytes after it) then the payload
/// (protocol guide "Common Request and Response Structure"; protocol.md §1).
/// </summary>
public static class FrameReader
{
    /// <summary>Kafka's default <c>socket.request.max.bytes</c>: 104857600 (100 MiB).</summary>
    public const int DefaultMaxFrameSize = 104_857_600;

    /// <summary>Bytes of the size prefix.</summary>
    public const int SizePrefixLength = 4;

    /// <summary>
    /// Takes one complete frame's payload off the front of <paramref name="buffer"/>.
    /// Returns false (leaving <paramref name="buffer"/> untouched) when the frame is not complete yet;
    /// throws <see cref="ProtocolException"/> when the size is ≤ 0 or above <paramref name="maxFrameSize"/>.
    /// On success <paramref name="buffer"/> is advanced past the frame.
    /// </summary>
    public static bool TryReadFrame(ref ReadOnlySequence<byte> buffer, out ReadOnlySequence<byte> payload, int maxFrameSize = DefaultMaxFrameSize)
    {
        payload = default;
        if (buffer.Length < SizePrefixLength)
        {
            return false;
        }

        int size;
        var first = buffer.FirstSpan;
        if (first.Length >= SizePrefixLength)
        {
            size = BinaryPrimitives.ReadInt32BigEndian(first);
        }
        else
        {
            Span<byte> prefix = stackalloc byte[SizePrefixLength];
            buffer.Slice(0, SizePrefixLength).CopyTo(prefix);
            size = BinaryPrimitives.ReadInt32BigEndian(prefix);
        }

        if (size <= 0 || size > maxFrameSize)
        {
            throw new ProtocolException(
                $"Frame size {size} is outside 1..{maxFrameSize} (socket.request.max.bytes); the peer is not speaking the Kafka protocol or the frame is too large.");
        }

        if (buffer.Length - SizePrefixLength < size)
        {
            return false;
        }

        payload = buffer.Slice(SizePrefixLength, size);
        buffer = buffer.Slice(payload.End);
        return true;
    }
}
