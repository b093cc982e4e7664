using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Concurrent;
using Brook.Protocol;
using Brook.Protocol.Errors;
using Brook.Protocol.Messages;
using Brook.Protocol.Primitives;

namespace Brook.Producer.Network;

/// <summary>
/// Decodes one response frame payload (header + body) into the generated response of the request's API and version.
/// ApiVersions gets the protocol.md §5 fallback: a body whose error is UNSUPPORTED_VERSION, or one that does not parse
/// at the version sent, is read as v0 (the broker answers an unknown ApiVersions version with a v0 body).
/// Produce responses (one per request on the send path) are decoded straight from the receive buffer into pooled
/// <see cref="ProduceResponse"/> objects (<see cref="ProduceResponse.ReadFrom"/> reuses their lists, entries and topic
/// names and copies the rare unknown tagged field), which the sender hands back through <see cref="Return"/>.
/// </summary>
internal static class ResponseDecoder
{
    /// <summary>Most pooled Produce responses kept (a few per connection in flight is the steady-state need).</summary>
    private const int MaxPooledProduceResponses = 256;

    private static readonly ConcurrentQueue<ProduceResponse> ProduceResponses = new();
    private static int _pooledProduceResponses;

    /// <summary>
    /// Decodes a frame payload still in the connection's receive buffer: a Produce response into a pooled object with no
    /// copy (nothing in it aliases the buffer); any other API from a copy, since its decoded fields may alias the bytes.
    /// </summary>
    public static IApiResponse Decode(ApiKey key, short version, ReadOnlySequence<byte> payload)
    {
        if (key != ApiKey.Produce || !payload.IsSingleSegment)
        {
            return Decode(key, version, payload.ToArray());
        }

        var reader = new ProtocolReader(payload.First);
        _ = reader.ReadInt32(); // correlation id, matched by the caller
        if (HeaderVersions.Response(key, version) >= 1)
        {
            SkipTaggedFields(ref reader);
        }

        var response = ProduceResponses.TryDequeue(out var pooled) ? pooled : new ProduceResponse();
        if (pooled is not null)
        {
            Interlocked.Decrement(ref _pooledProduceResponses);
        }

        response.ReadFrom(ref reader, version);
        return response;
    }

    /// <summary>
    /// Takes back a Produce response whose reader has finished with it (every field read, no reference kept); a later
    /// <see cref="Decode(ApiKey, short, ReadOnlySequence{byte})"/> overwrites it.
    /// </summary>
    public static void Return(ProduceResponse response)
    {
        if (Interlocked.Increment(ref _pooledProduceResponses) > MaxPooledProduceResponses)
        {
            Interlocked.Decrement(ref _pooledProduceResponses);
            return;
        }

        ProduceResponses.Enqueue(response);
    }

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
