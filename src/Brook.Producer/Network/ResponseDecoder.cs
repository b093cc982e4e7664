using System.Buffers.Binary;
using Brook.Protocol;
using Brook.Protocol.Errors;
using Brook.Protocol.Messages;
using Brook.Protocol.Primitives;

namespace Brook.Producer.Network;

/// <summary>
/// Decodes one response frame payload (header + body) into the generated response of the request's API and version.
/// ApiVersions gets the protocol.md §5 fallback: a body whose error is UNSUPPORTED_VERSION, or one that does not parse
/// at the version sent, is read as v0 (the broker answers an unknown ApiVersions version with a v0 body).
/// </summary>
internal static class ResponseDecoder
{
    /// <summary>Decodes <paramref name="payload"/> (the frame without its size prefix); throws <see cref="ProtocolException"/> on corruption.</summary>
    public static IApiResponse Decode(ApiKey key, short version, ReadOnlyMemory<byte> payload)
    {
        var reader = new ProtocolReader(payload);
        _ = reader.ReadInt32(); // correlation id, matched by the caller
        if (HeaderVersions.Response(key, version) >= 1)
        {
            SkipTaggedFields(ref reader);
        }

        var body = payload[reader.Position..];
        if (key == ApiKey.ApiVersions)
        {
            return DecodeApiVersions(version, body);
        }

        if (!MessageRegistry.TryGetResponse(key, out var info))
        {
            throw new ProtocolException($"No response definition for API {key}; Brook cannot decode it.");
        }

        var bodyReader = new ProtocolReader(body);
        return (IApiResponse)info.Read(ref bodyReader, version);
    }

    private static ApiVersionsResponse DecodeApiVersions(short version, ReadOnlyMemory<byte> body)
    {
        // The error code is the first field in every version, so it can be peeked before choosing the layout.
        if (version > 0 && body.Length >= 2
            && BinaryPrimitives.ReadInt16BigEndian(body.Span) == (short)ErrorCode.UnsupportedVersion)
        {
            try
            {
                return ReadApiVersions(body, 0);
            }
            catch (ProtocolException)
            {
                // librdkafka's mock writes a body that is neither v0 nor v3 (peers.md deviation 1). The error code alone
                // is enough: with no ApiVersions entry the handshake retries at v0.
                return new ApiVersionsResponse { ErrorCode = (short)ErrorCode.UnsupportedVersion };
            }
        }

        try
        {
            return ReadApiVersions(body, version);
        }
        catch (ProtocolException) when (version > 0)
        {
            return ReadApiVersions(body, 0);
        }
    }

    private static ApiVersionsResponse ReadApiVersions(ReadOnlyMemory<byte> body, short version)
    {
        var reader = new ProtocolReader(body);
        return ApiVersionsResponse.Read(ref reader, version);
    }

    private static void SkipTaggedFields(ref ProtocolReader reader)
    {
        var count = reader.ReadTagCount();
        var previous = -1;
        for (var i = 0; i < count; i++)
        {
            _ = reader.ReadTaggedField(previous, out previous, out _);
        }
    }
}
