using Brook.Producer.Network;
using Brook.Protocol;
using Brook.Protocol.Messages;

namespace Brook.Producer.Tests.Network;

public sealed class ResponseDecoderTests
{
    [Fact]
    public void Decode_ApiVersionsRejection_ReadsTheV0BodyOfProtocolMd5()
    {
        // protocol.md §5 golden answer without its size prefix: v0 header (correlation 1), error 35, [{18, 0, 4}].
        byte[] payload = [0x00, 0x00, 0x00, 0x01, 0x00, 0x23, 0x00, 0x00, 0x00, 0x01, 0x00, 0x12, 0x00, 0x00, 0x00, 0x04];

        var response = Assert.IsType<ApiVersionsResponse>(ResponseDecoder.Decode(ApiKey.ApiVersions, 4, payload));

        Assert.Equal(35, response.ErrorCode);
        var entry = Assert.Single(response.ApiKeys);
        Assert.Equal((18, 0, 4), (entry.ApiKey, entry.MinVersion, entry.MaxVersion));
    }

    [Fact]
    public void Decode_MockClustersMalformedRejection_StillReportsUnsupportedVersion()
    {
        // peers.md deviation 1: header v0 (correlation 1), then 0023 01 0012 0000 0002 00000000 (neither v0 nor v3).
        byte[] payload = [0, 0, 0, 1, 0x00, 0x23, 0x01, 0x00, 0x12, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00];

        var response = Assert.IsType<ApiVersionsResponse>(ResponseDecoder.Decode(ApiKey.ApiVersions, 4, payload));

        Assert.Equal(35, response.ErrorCode);
        Assert.Empty(response.ApiKeys);
    }

    [Fact]
    public void Decode_FlexibleProduceResponse_SkipsHeaderTagBufferAndReadsBody()
    {
        var body = new ProduceResponse { ThrottleTimeMs = 7 };
        var frame = FakeBroker.Frame(42, ApiKey.Produce, 11, body);

        var decoded = Assert.IsType<ProduceResponse>(ResponseDecoder.Decode(ApiKey.Produce, 11, frame.AsMemory(4)));

        Assert.Equal(7, decoded.ThrottleTimeMs);
    }

    [Fact]
    public void Decode_TruncatedBody_ThrowsProtocolException()
    {
        var frame = FakeBroker.Frame(1, ApiKey.Metadata, 12, new MetadataResponse());

        Assert.Throws<ProtocolException>(() => ResponseDecoder.Decode(ApiKey.Metadata, 12, frame.AsMemory(4, frame.Length - 6)));
    }
}
