using System.Buffers;
using System.Buffers.Binary;
using Brook.Protocol;
using Brook.Protocol.Messages;
using Brook.Protocol.Primitives;

namespace Brook.Producer.Network;

/// <summary>
/// Writes one request frame (<c>Size int32</c>, header at the version's header version with client.id, body) straight
/// into a pooled buffer writer: size first, then one contiguous span, no intermediate copies. It reuses one header
/// object, so it is not thread-safe; <see cref="BrokerConnection"/> calls it under its send lock.
/// </summary>
internal sealed class RequestFramer
{
    private readonly RequestHeader _header = new();

    /// <summary>Creates a framer that writes <paramref name="clientId"/> in every header.</summary>
    public RequestFramer(string clientId)
    {
        _header.ClientId = clientId;
    }

    /// <summary>Frames <paramref name="request"/> at <paramref name="version"/>; returns the bytes written including the size prefix.</summary>
    public int Write(IBufferWriter<byte> output, IApiRequest request, short version, int correlationId)
    {
        var key = request.ApiKey;
        _header.RequestApiKey = (short)key;
        _header.RequestApiVersion = version;
        _header.CorrelationId = correlationId;
        var headerVersion = HeaderVersions.Request(key, version);
        var payload = _header.ComputeSize(headerVersion) + request.ComputeSize(version);
        var total = 4 + payload;
        var span = output.GetSpan(total)[..total];
        BinaryPrimitives.WriteInt32BigEndian(span, payload);
        var writer = new ProtocolWriter(span[4..]);
        _header.Write(ref writer, headerVersion);
        request.Write(ref writer, version);
        output.Advance(total);
        return total;
    }
}
