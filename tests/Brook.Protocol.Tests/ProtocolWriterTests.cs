using Brook.Protocol.Primitives;

namespace Brook.Protocol.Tests;

public sealed class ProtocolWriterTests
{
    private delegate void WriteAction(ref ProtocolWriter writer);

    private static string Hex(WriteAction write)
    {
        var buffer = new byte[64];
        var writer = new ProtocolWriter(buffer);
        write(ref writer);
        return Convert.ToHexStringLower(writer.Written);
    }

    // Vectors from protocol.md §3.
    [Fact]
    public void WriteString_Abc_MatchesSpec() => Assert.Equal("0003616263", Hex((ref ProtocolWriter w) => w.WriteString("abc")));

    [Fact]
    public void WriteNullableString_Null_IsMinusOne() => Assert.Equal("ffff", Hex((ref ProtocolWriter w) => w.WriteNullableString(null)));

    [Fact]
    public void WriteCompactString_Abc_MatchesSpec() => Assert.Equal("04616263", Hex((ref ProtocolWriter w) => w.WriteCompactString("abc")));

    [Fact]
    public void WriteCompactNullableString_Null_IsZero() => Assert.Equal("00", Hex((ref ProtocolWriter w) => w.WriteCompactNullableString(null)));

    [Fact]
    public void WriteCompactArrayLength_Empty_IsOne() => Assert.Equal("01", Hex((ref ProtocolWriter w) => w.WriteCompactArrayLength(0)));

    [Fact]
    public void WriteCompactArrayLength_Null_IsZero() => Assert.Equal("00", Hex((ref ProtocolWriter w) => w.WriteCompactArrayLength(-1)));

    [Fact]
    public void WriteArrayLength_Null_IsMinusOne() => Assert.Equal("ffffffff", Hex((ref ProtocolWriter w) => w.WriteArrayLength(-1)));

    [Fact]
    public void WriteUuid_UsesMostSignificantBitsFirst()
    {
        var id = Guid.Parse("00010203-0405-0607-0809-0a0b0c0d0e0f");
        Assert.Equal("000102030405060708090a0b0c0d0e0f", Hex((ref ProtocolWriter w) => w.WriteUuid(id)));
    }

    [Fact]
    public void WriteFixedWidth_IsBigEndian()
    {
        var hex = Hex((ref ProtocolWriter w) =>
        {
            w.WriteInt8(-1);
            w.WriteInt16(0x0102);
            w.WriteUInt16(0xfffe);
            w.WriteInt32(0x01020304);
            w.WriteUInt32(0xfffffffe);
            w.WriteInt64(0x0102030405060708);
            w.WriteBool(true);
            w.WriteFloat64(1.0);
        });
        Assert.Equal("ff" + "0102" + "fffe" + "01020304" + "fffffffe" + "0102030405060708" + "01" + "3ff0000000000000", hex);
    }

    [Fact]
    public void WriteBytes_AllForms_MatchSpecLayouts()
    {
        byte[] data = [0xaa, 0xbb];
        Assert.Equal("00000002aabb", Hex((ref ProtocolWriter w) => w.WriteBytes(data)));
        Assert.Equal("ffffffff", Hex((ref ProtocolWriter w) => w.WriteNullableBytes(default, isNull: true)));
        Assert.Equal("03aabb", Hex((ref ProtocolWriter w) => w.WriteCompactBytes(data)));
        Assert.Equal("00", Hex((ref ProtocolWriter w) => w.WriteCompactNullableBytes(default, isNull: true)));
    }

    [Fact]
    public void WriteString_Over32767Bytes_ThrowsNamingTheLimit()
    {
        var buffer = new byte[40_000];
        var ex = Assert.Throws<ArgumentException>(() =>
        {
            var writer = new ProtocolWriter(buffer);
            writer.WriteString(new string('x', 32_768));
        });
        Assert.Contains("32767", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WriteRawTaggedFieldsBelow_StopsAtLimit()
    {
        List<RawTaggedField> fields = [new(1, new byte[] { 9 }), new(5, new byte[] { 8, 7 })];
        var hex = Hex((ref ProtocolWriter w) =>
        {
            var index = 0;
            w.WriteRawTaggedFieldsBelow(fields, ref index, 3);
            w.WriteInt8(0x33);
            w.WriteRawTaggedFieldsBelow(fields, ref index, int.MaxValue);
        });
        Assert.Equal("010109" + "33" + "05020807", hex);
    }

    [Fact]
    public void Sizes_MatchWrittenLengths()
    {
        Assert.Equal(5, ProtocolSize.String("abc"));
        Assert.Equal(2, ProtocolSize.NullableString(null));
        Assert.Equal(4, ProtocolSize.CompactString("abc"));
        Assert.Equal(1, ProtocolSize.CompactNullableString(null));
        Assert.Equal(1, ProtocolSize.CompactArrayLength(-1));
        Assert.Equal(2, ProtocolSize.CompactArrayLength(127));
        Assert.Equal(ProtocolSize.String("é"), Hex((ref ProtocolWriter w) => w.WriteString("é")).Length / 2);
    }
}
