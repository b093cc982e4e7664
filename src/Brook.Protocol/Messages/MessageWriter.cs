using System.Buffers;
using System.Buffers.Binary;
using Brook.Protocol.Primitives;

namespace Brook.Protocol.Messages;

/// <summary>Writes generated messages into an <see cref="IBufferWriter{T}"/>, alone or as complete size-prefixed frames.</summary>
public static class MessageWriter
{
    /// <summary>Writes <paramref name="message"/> at <paramref name="version"/>; returns the bytes written.</summary>
    public static int WriteTo(this IProtocolMessage message, IBufferWriter<byte> output, short version)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(output);
        var size = message.ComputeSize(version);
        var writer = new ProtocolWriter(output.GetSpan(size)[..size]);
        message.Write(ref writer, version);
        output.Advance(size);
        return size;
    }

    /// <summary>
    /// Writes one frame: <c>Size int32</c>, the header at <paramref name="headerVersion"/>, the body at <paramref name="bodyVersion"/>.
    /// Returns the frame's total length including the size prefix.
    /// </summary>
    public static int WriteFrame(
        IBufferWriter<byte> output,
        IProtocolMessage header,
        short headerVersion,
        IProtocolMessage body,
        short bodyVersion)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(body);
        var payload = header.ComputeSize(headerVersion) + body.ComputeSize(bodyVersion);
        var total = 4 + payload;
        var span = output.GetSpan(total)[..total];
        BinaryPrimitives.WriteInt32BigEndian(span, payload);
        var writer = new ProtocolWriter(span[4..]);
        header.Write(ref writer, headerVersion);
        body.Write(ref writer, bodyVersion);
        output.Advance(total);
        return total;
    }
}
