using Brook.Protocol.Primitives;

namespace Brook.Protocol.Tests;

public sealed class VarintTests
{
    // Test vectors from protocol.md §3.
    [Theory]
    [InlineData(0u, "00")]
    [InlineData(1u, "01")]
    [InlineData(63u, "3f")]
    [InlineData(64u, "40")]
    [InlineData(127u, "7f")]
    [InlineData(128u, "8001")]
    [InlineData(300u, "ac02")]
    [InlineData(16383u, "ff7f")]
    [InlineData(16384u, "808001")]
    [InlineData(2147483647u, "ffffffff07")]
    public void WriteUnsigned_MatchesSpecVectors(uint value, string hex)
    {
        Span<byte> buffer = stackalloc byte[Varint.MaxLength32];
        var written = Varint.WriteUnsigned(buffer, value);
        Assert.Equal(hex, Convert.ToHexStringLower(buffer[..written]));
        Assert.Equal(written, Varint.SizeOfUnsigned(value));
        Assert.Equal(VarintStatus.Done, Varint.TryReadUnsigned(buffer[..written], out uint read, out var consumed));
        Assert.Equal(value, read);
        Assert.Equal(written, consumed);
    }

    [Theory]
    [InlineData(0, "00")]
    [InlineData(1, "02")]
    [InlineData(-1, "01")]
    [InlineData(-2, "03")]
    [InlineData(63, "7e")]
    [InlineData(-64, "7f")]
    [InlineData(64, "8001")]
    [InlineData(127, "fe01")]
    [InlineData(128, "8002")]
    [InlineData(300, "d804")]
    [InlineData(int.MaxValue, "feffffff0f")]
    [InlineData(int.MinValue, "ffffffff0f")]
    public void WriteZigZag_MatchesSpecVectors(int value, string hex)
    {
        Span<byte> buffer = stackalloc byte[Varint.MaxLength32];
        var written = Varint.Write(buffer, value);
        Assert.Equal(hex, Convert.ToHexStringLower(buffer[..written]));
        Assert.Equal(VarintStatus.Done, Varint.TryRead(buffer[..written], out int read, out _));
        Assert.Equal(value, read);
    }

    [Fact]
    public void TryReadUnsigned_TruncatedInput_NeedsMoreData()
    {
        Assert.Equal(VarintStatus.NeedMoreData, Varint.TryReadUnsigned([0x80, 0x80], out uint _, out _));
    }

    [Fact]
    public void TryReadUnsigned_SixByteValue_IsMalformed()
    {
        Assert.Equal(VarintStatus.Malformed, Varint.TryReadUnsigned([0xff, 0xff, 0xff, 0xff, 0xff, 0x01], out uint _, out _));
        Assert.Equal(VarintStatus.Malformed, Varint.TryReadUnsigned([0xff, 0xff, 0xff, 0xff, 0x1f], out uint _, out _));
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(-1L)]
    [InlineData(long.MaxValue)]
    [InlineData(long.MinValue)]
    [InlineData(1700000000000L)]
    public void VarLong_RoundTrips(long value)
    {
        Span<byte> buffer = stackalloc byte[Varint.MaxLength64];
        var written = Varint.Write(buffer, value);
        Assert.Equal(Varint.SizeOf(value), written);
        Assert.Equal(VarintStatus.Done, Varint.TryRead(buffer[..written], out long read, out var consumed));
        Assert.Equal(value, read);
        Assert.Equal(written, consumed);
    }
}
