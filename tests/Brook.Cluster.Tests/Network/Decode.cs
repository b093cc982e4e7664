using Brook.Protocol.Messages;
using Brook.Protocol.Primitives;

namespace Brook.Cluster.Tests.Network;

/// <summary>Response readers in the shape <see cref="TestKafkaClient.RoundTripAsync{T}"/> takes.</summary>
internal static class Decode
{
    public static ApiVersionsResponse ApiVersions(ReadOnlyMemory<byte> body, short version)
    {
        var r = new ProtocolReader(body);
        return ApiVersionsResponse.Read(ref r, version);
    }

    public static MetadataResponse Metadata(ReadOnlyMemory<byte> body, short version)
    {
        var r = new ProtocolReader(body);
        return MetadataResponse.Read(ref r, version);
    }

    public static ProduceResponse Produce(ReadOnlyMemory<byte> body, short version)
    {
        var r = new ProtocolReader(body);
        return ProduceResponse.Read(ref r, version);
    }

    public static InitProducerIdResponse InitProducerId(ReadOnlyMemory<byte> body, short version)
    {
        var r = new ProtocolReader(body);
        return InitProducerIdResponse.Read(ref r, version);
    }

    public static FetchResponse Fetch(ReadOnlyMemory<byte> body, short version)
    {
        var r = new ProtocolReader(body);
        return FetchResponse.Read(ref r, version);
    }

    public static ListOffsetsResponse ListOffsets(ReadOnlyMemory<byte> body, short version)
    {
        var r = new ProtocolReader(body);
        return ListOffsetsResponse.Read(ref r, version);
    }
}
