using System.Buffers;
using Brook.Producer.Serialization;

namespace Brook.Producer.Tests.Serialization;

public sealed class SerializersTests
{
    private static readonly SerializationContext Context = new(MessageComponentType.Value, "t");

    private static string Hex<T>(ISerializer<T> serializer, T value)
    {
        var buffer = new ArrayBufferWriter<byte>();
        serializer.Serialize(value, buffer, Context);
        return Convert.ToHexStringLower(buffer.WrittenSpan);
    }

    [Fact]
    public void Utf8_WritesUtf8Bytes() => Assert.Equal("68c3a9", Hex(Serializers.Utf8, "hé"));

    [Fact]
    public void Utf8_Empty_WritesNothing() => Assert.Equal(string.Empty, Hex(Serializers.Utf8, string.Empty));

    [Fact]
    public void Int32_IsBigEndian() => Assert.Equal("01020304", Hex(Serializers.Int32, 0x01020304));

    [Fact]
    public void Int32_Negative_IsTwosComplement() => Assert.Equal("ffffffff", Hex(Serializers.Int32, -1));

    [Fact]
    public void Int64_IsBigEndian() => Assert.Equal("0102030405060708", Hex(Serializers.Int64, 0x0102030405060708L));

    [Fact]
    public void Int16_IsBigEndian() => Assert.Equal("0102", Hex(Serializers.Int16, (short)0x0102));

    // Java: ByteBuffer.putDouble(1.5) -> 3FF8000000000000.
    [Fact]
    public void Double_IsIeeeBigEndian() => Assert.Equal("3ff8000000000000", Hex(Serializers.Double, 1.5));

    [Fact]
    public void Single_IsIeeeBigEndian() => Assert.Equal("3fc00000", Hex(Serializers.Single, 1.5f));

    // Java: new UUID(0x0011223344556677L, 0x8899aabbccddeeffL) written as two big-endian longs.
    [Fact]
    public void Guid_IsRfc4122Order()
    {
        var guid = Guid.Parse("00112233-4455-6677-8899-aabbccddeeff");
        Assert.Equal("00112233445566778899aabbccddeeff", Hex(Serializers.Guid, guid));
    }

    [Fact]
    public void GuidString_MatchesJavaUuidToString()
    {
        var guid = Guid.Parse("00112233-4455-6677-8899-AABBCCDDEEFF");
        var buffer = new ArrayBufferWriter<byte>();
        Serializers.GuidString.Serialize(guid, buffer, Context);
        Assert.Equal("00112233-4455-6677-8899-aabbccddeeff", System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan));
    }

    [Fact]
    public void ByteArray_AndMemory_CopyBytes()
    {
        Assert.Equal("0aff", Hex(Serializers.ByteArray, [0x0a, 0xff]));
        Assert.Equal("0aff", Hex(Serializers.Memory, new ReadOnlyMemory<byte>([0x0a, 0xff])));
    }

    [Fact]
    public async Task SyncOverAsync_CompletesSynchronously()
    {
        var buffer = new ArrayBufferWriter<byte>();
        var task = new SyncOverAsyncSerializer<int>(Serializers.Int32).SerializeAsync(7, buffer, Context, TestContext.Current.CancellationToken);
        Assert.True(task.IsCompletedSuccessfully);
        await task;
        Assert.Equal("00000007", Convert.ToHexStringLower(buffer.WrittenSpan));
    }
}
