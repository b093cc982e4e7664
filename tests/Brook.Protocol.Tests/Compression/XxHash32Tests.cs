using Brook.Protocol.Compression;

namespace Brook.Protocol.Tests.Compression;

public sealed class XxHash32Tests
{
    // Check values from protocol.md §10 and the xxHash reference.
    [Theory]
    [InlineData("", 0x02CC5D05u)]
    [InlineData("a", 0x550D7456u)]
    [InlineData("abc", 0x32D153FFu)]
    public void Hash_SpecVectors_Match(string input, uint expected) =>
        Assert.Equal(expected, XxHash32.Hash(System.Text.Encoding.ASCII.GetBytes(input)));

    [Fact]
    public void Hash_Lz4JavaHeaderDescriptor_GivesChecksumByte82()
    {
        // FLG 0x60, BD 0x40: Java's Lz4BlockOutputStream header checksum byte.
        Assert.Equal(0x82u, (XxHash32.Hash([0x60, 0x40]) >> 8) & 0xFFu);
    }

    [Fact]
    public void Hash_LongInput_MatchesK4osImplementation()
    {
        var data = new byte[1000];
        new Random(3).NextBytes(data);
        for (var length = 0; length <= data.Length; length += 37)
        {
            Assert.Equal(K4os.Hash.xxHash.XXH32.DigestOf(data, 0, length), XxHash32.Hash(data.AsSpan(0, length)));
        }
    }
}
