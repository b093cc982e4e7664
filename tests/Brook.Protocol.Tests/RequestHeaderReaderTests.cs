using Brook.Protocol.Messages;
using Brook.Protocol.Primitives;

namespace Brook.Protocol.Tests;

public sealed class RequestHeaderReaderTests
{
    [Fact]
    public void Read_FlexibleApiVersionsV3_UsesHeaderV2AndLeavesReaderAtBody()
    {
        // protocol.md §5 ApiVersions v3 request without its size prefix.
        var payload = Convert.FromHexString("0012000300000001000562726f6f6b000662726f6f6b06312e302e3000");
        var reader = new ProtocolReader(payload);
        var header = RequestHeaderReader.Read(ref reader, out var headerVersion);
        Assert.Equal(2, headerVersion);
        Assert.Equal("brook", header.ClientId);
        var body = ApiVersionsRequest.Read(ref reader, header.RequestApiVersion);
        Assert.Equal("1.0.0", body.ClientSoftwareVersion);
        Assert.True(reader.IsAtEnd);
    }

    [Fact]
    public void Read_NonFlexibleProduce_UsesHeaderV1()
    {
        var payload = Convert.FromHexString("0000000300000007ffff");
        var reader = new ProtocolReader(payload);
        var header = RequestHeaderReader.Read(ref reader, out var headerVersion);
        Assert.Equal(1, headerVersion);
        Assert.Null(header.ClientId);
        Assert.Equal(7, header.CorrelationId);
    }

    [Fact]
    public void Read_UnknownApiKey_ThrowsProtocolException()
    {
        var ex = Assert.Throws<ProtocolException>(() =>
        {
            var reader = new ProtocolReader(Convert.FromHexString("03e7000000000001ffff"));
            RequestHeaderReader.Read(ref reader, out _);
        });
        Assert.Contains("999", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_Truncated_ThrowsProtocolException() =>
        Assert.Throws<ProtocolException>(() =>
        {
            var reader = new ProtocolReader(new byte[] { 0, 18 });
            RequestHeaderReader.Read(ref reader, out _);
        });

    [Fact]
    public void TryPeekApiKeyAndVersion_ReadsFirstFourBytes()
    {
        Assert.True(RequestHeaderReader.TryPeekApiKeyAndVersion([0, 18, 0, 5, 9], out var key, out var version));
        Assert.Equal(ApiKey.ApiVersions, key);
        Assert.Equal(5, version);
        Assert.False(RequestHeaderReader.TryPeekApiKeyAndVersion([0, 18, 0], out _, out _));
    }
}
