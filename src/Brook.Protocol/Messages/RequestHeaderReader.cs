using System.Buffers.Binary;
using System.Globalization;
using Brook.Protocol.Primitives;

namespace Brook.Protocol.Messages;

/// <summary>
/// Reads the header at the start of a request frame. The header version depends on the API key and version, which are
/// the first four bytes of every header version, so they are peeked first (protocol.md §2).
/// </summary>
public static class RequestHeaderReader
{
    /// <summary>
    /// Reads the request header and leaves <paramref name="reader"/> at the body. Throws <see cref="ProtocolException"/>
    /// when the frame is too short or the API key is one Brook does not speak (Kafka closes the connection then, §6).
    /// </summary>
    /// <param name="reader">Reader positioned at the start of the frame payload.</param>
    /// <param name="headerVersion">The header version that was used.</param>
    /// <returns>The header.</returns>
    public static RequestHeader Read(ref ProtocolReader reader, out short headerVersion)
    {
        var peek = reader;
        var key = (ApiKey)peek.ReadInt16();
        var version = peek.ReadInt16();
        if (!SupportedApis.TryGet(key, out var range))
        {
            throw new ProtocolException(string.Create(CultureInfo.InvariantCulture, $"API key {(short)key} is not supported; the connection must be closed."));
        }

        headerVersion = range.IsFlexible(version) ? (short)2 : (short)1;
        return RequestHeader.Read(ref reader, headerVersion);
    }

    /// <summary>Peeks the API key and version of a request payload without consuming it; false when fewer than 4 bytes.</summary>
    /// <param name="payload">The frame payload (after the size prefix).</param>
    /// <param name="key">The API key.</param>
    /// <param name="version">The API version.</param>
    /// <returns>True when both were read.</returns>
    public static bool TryPeekApiKeyAndVersion(ReadOnlySpan<byte> payload, out ApiKey key, out short version)
    {
        if (payload.Length < 4)
        {
            key = default;
            version = 0;
            return false;
        }

        key = (ApiKey)BinaryPrimitives.ReadInt16BigEndian(payload);
        version = BinaryPrimitives.ReadInt16BigEndian(payload[2..]);
        return true;
    }
}
