using Brook.Protocol.Primitives;

namespace Brook.Protocol.Tests;

public sealed class ProtocolReaderTests
{
    private static ProtocolReader Reader(string hex) => new(Convert.FromHexString(hex));

    [Fact]
    public void ReadStrings_AllForms_MatchSpecVectors()
    {
        var r = Reader("0003616263" + "ffff" + "04616263" + "00");
        Assert.Equal("abc", r.ReadString());
        Assert.Null(r.ReadNullableString());
        Assert.Equal("abc", r.ReadCompactString());
        Assert.Null(r.ReadCompactNullableString());
        Assert.True(r.IsAtEnd);
    }

    [Fact]
    public void ReadStrings_WithEqualAsciiReuse_ReturnTheReusedInstance()
    {
        var reuse = new string("abc".AsSpan()); // not the interned literal
        var r = Reader("0003616263" + "0003616263" + "04616263" + "04616264" + "ffff" + "00");
        Assert.Same(reuse, r.ReadString(reuse));
        Assert.Same(reuse, r.ReadNullableString(reuse));
        Assert.Same(reuse, r.ReadCompactString(reuse));
        var other = r.ReadCompactNullableString(reuse);
        Assert.Equal("abd", other);
        Assert.NotSame(reuse, other);
        Assert.Null(r.ReadNullableString(reuse));
        Assert.Null(r.ReadCompactNullableString(reuse));
        Assert.True(r.IsAtEnd);
    }

    [Fact]
    public void ReadString_NonAsciiWithReuse_DecodesUtf8()
    {
        // "é" is C3 A9 in UTF-8: two bytes for one char, never matched byte for char.
        Assert.Equal("é", Reader("0002c3a9").ReadString("é"));

        // Two chars whose code points equal the two bytes: a byte-for-char match would wrongly return them.
        Assert.Equal("é", Reader("0002c3a9").ReadString("\u00c3\u00a9"));
    }

    [Fact]
    public void ReadString_Null_Throws()
    {
        Assert.Throws<ProtocolException>(() => Reader("ffff").ReadString());
        Assert.Throws<ProtocolException>(() => Reader("00").ReadCompactString());
    }

    [Fact]
    public void ReadString_LengthBeyondFrame_Throws()
    {
        var ex = Assert.Throws<ProtocolException>(() => Reader("7fff61").ReadString());
        Assert.Contains("truncated", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ProtocolException>(() => Reader("fffe").ReadNullableString());
    }

    [Fact]
    public void ReadBytesMemory_IsZeroCopySliceOfFrame()
    {
        var frame = Convert.FromHexString("00000002aabb03ccdd");
        var r = new ProtocolReader(frame);
        var first = r.ReadBytesMemory();
        var second = r.ReadCompactBytesMemory();
        Assert.True(System.Runtime.InteropServices.MemoryMarshal.TryGetArray(first, out var segment));
        Assert.Same(frame, segment.Array);
        Assert.Equal(4, segment.Offset);
        Assert.Equal([0xcc, 0xdd], second.ToArray());
    }

    [Fact]
    public void ReadNullableBytes_NullForms()
    {
        var r = Reader("ffffffff00");
        Assert.Null(r.ReadNullableBytes());
        Assert.Null(r.ReadCompactNullableBytes());
    }

    [Fact]
    public void ReadArrayLength_NullAndEmpty()
    {
        var r = Reader("ffffffff" + "00000000" + "00" + "01");
        Assert.Equal(-1, r.ReadArrayLength());
        Assert.Equal(0, r.ReadArrayLength());
        Assert.Equal(-1, r.ReadCompactArrayLength());
        Assert.Equal(0, r.ReadCompactArrayLength());
    }

    [Theory]
    [InlineData("7fffffff")]
    [InlineData("80000000")]
    [InlineData("fffffffe")]
    [InlineData("00000002")]
    public void ReadArrayLength_ForgedCount_ThrowsBeforeAllocating(string hex)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        Assert.Throws<ProtocolException>(() => Reader(hex + "00").ReadArrayLength(4));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 10_000);
    }

    [Fact]
    public void ReadCompactArrayLength_ForgedCount_Throws() =>
        Assert.Throws<ProtocolException>(() => Reader("ffffffff07").ReadCompactArrayLength());

    [Fact]
    public void ReadUuid_UsesMostSignificantBitsFirst()
    {
        var r = Reader("000102030405060708090a0b0c0d0e0f");
        Assert.Equal(Guid.Parse("00010203-0405-0607-0809-0a0b0c0d0e0f"), r.ReadUuid());
    }

    [Fact]
    public void ReadFixedWidth_IsBigEndian()
    {
        var r = Reader("ff" + "0102" + "fffe" + "01020304" + "fffffffe" + "0102030405060708" + "02" + "3ff0000000000000");
        Assert.Equal(-1, r.ReadInt8());
        Assert.Equal(0x0102, r.ReadInt16());
        Assert.Equal(0xfffe, r.ReadUInt16());
        Assert.Equal(0x01020304, r.ReadInt32());
        Assert.Equal(0xfffffffeu, r.ReadUInt32());
        Assert.Equal(0x0102030405060708, r.ReadInt64());
        Assert.True(r.ReadBool());
        Assert.Equal(1.0, r.ReadFloat64());
    }

    [Fact]
    public void ReadVarint_OverlongOrTruncated_Throws()
    {
        Assert.Throws<ProtocolException>(() => Reader("ffffffffff01").ReadUnsignedVarint());
        Assert.Throws<ProtocolException>(() => Reader("80").ReadUnsignedVarint());
    }

    [Fact]
    public void ReadTaggedField_ReturnsSubReaderAndEnforcesAscendingTags()
    {
        var r = Reader("02" + "00" + "01" + "07" + "03" + "02" + "0809");
        Assert.Equal(2, r.ReadTagCount());
        var sub = r.ReadTaggedField(-1, out var tag, out _);
        Assert.Equal(0, tag);
        Assert.Equal(7, sub.ReadInt8());
        sub.EnsureTaggedFieldConsumed(tag);
        r.ReadTaggedField(tag, out tag, out var data);
        Assert.Equal(3, tag);
        Assert.Equal([8, 9], data.ToArray());
        Assert.True(r.IsAtEnd);

        Assert.Throws<ProtocolException>(() => Reader("05000105").ReadTaggedField(5, out _, out _));
        Assert.Throws<ProtocolException>(() => Reader("0105").ReadTaggedField(-1, out _, out _));
        Assert.Throws<ProtocolException>(() => Reader("7f00").ReadTagCount());
    }
}
