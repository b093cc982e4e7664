using System.Text;

namespace Brook.Protocol.Tests;

public sealed class Crc32CTests
{
    [Fact]
    public void Compute_CheckValue_MatchesCastagnoli() =>
        Assert.Equal(0xE3069283u, Crc32C.Compute("123456789"u8));

    [Fact]
    public void Compute_Empty_IsZero() => Assert.Equal(0u, Crc32C.Compute([]));

    // RFC 3720 (iSCSI) appendix B.4 vectors.
    [Fact]
    public void Compute_Rfc3720Vectors_Match()
    {
        Assert.Equal(0x8A9136AAu, Crc32C.Compute(new byte[32]));
        Assert.Equal(0x62A8AB43u, Crc32C.Compute(Enumerable.Repeat((byte)0xFF, 32).ToArray()));
        Assert.Equal(0x46DD794Eu, Crc32C.Compute(Enumerable.Range(0, 32).Select(i => (byte)i).ToArray()));
    }

    [Fact]
    public void Append_InPieces_EqualsWhole()
    {
        var data = Encoding.ASCII.GetBytes("The quick brown fox jumps over the lazy dog, many times over and over.");
        var whole = Crc32C.Compute(data);
        for (var split = 0; split <= data.Length; split++)
        {
            Assert.Equal(whole, Crc32C.Append(Crc32C.Compute(data.AsSpan(0, split)), data.AsSpan(split)));
        }
    }

    [Fact]
    public void Compute_EveryLengthAndAlignment_MatchesBitwiseReference()
    {
        var random = new Random(7);
        var data = new byte[300];
        random.NextBytes(data);
        for (var start = 0; start < 9; start++)
        {
            for (var length = 0; length < data.Length - start; length += 7)
            {
                var slice = data.AsSpan(start, length);
                Assert.Equal(Reference(slice), Crc32C.Compute(slice));
            }
        }
    }

    [Theory]
    [InlineData(3 * 4096)]
    [InlineData((3 * 4096) - 1)]
    [InlineData((3 * 4096) + 1)]
    [InlineData((6 * 4096) + 13)]
    [InlineData(100_003)]
    public void Compute_LengthsAroundInterleavedStreams_MatchBitwiseReference(int length)
    {
        var data = new byte[length + 3];
        new Random(length).NextBytes(data);
        for (var start = 0; start < 3; start++)
        {
            var slice = data.AsSpan(start, length);
            Assert.Equal(Reference(slice), Crc32C.Compute(slice));
            Assert.Equal(Reference(slice), Crc32C.Append(Crc32C.Compute(slice[..7]), slice[7..]));
        }
    }

    private static uint Reference(ReadOnlySpan<byte> data)
    {
        var crc = uint.MaxValue;
        foreach (var b in data)
        {
            crc ^= b;
            for (var i = 0; i < 8; i++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0x82F63B78u : crc >> 1;
            }
        }

        return ~crc;
    }
}
