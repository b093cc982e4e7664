using System.Buffers;
using Brook.Protocol.Framing;

namespace Brook.Protocol.Tests;

public sealed class FrameReaderTests
{
    [Fact]
    public void TryReadFrame_CompleteFrame_ReturnsPayloadAndAdvances()
    {
        var buffer = new ReadOnlySequence<byte>(Convert.FromHexString("00000002aabb" + "000000"));
        Assert.True(FrameReader.TryReadFrame(ref buffer, out var payload));
        Assert.Equal([0xaa, 0xbb], payload.ToArray());
        Assert.Equal(3, buffer.Length);
        Assert.False(FrameReader.TryReadFrame(ref buffer, out _));
        Assert.Equal(3, buffer.Length);
    }

    [Fact]
    public void TryReadFrame_IncompletePayload_ReturnsFalseWithoutConsuming()
    {
        var buffer = new ReadOnlySequence<byte>(Convert.FromHexString("00000003aabb"));
        Assert.False(FrameReader.TryReadFrame(ref buffer, out _));
        Assert.Equal(6, buffer.Length);
    }

    [Fact]
    public void TryReadFrame_SizeSplitAcrossSegments_Works()
    {
        var first = new Segment(new byte[] { 0, 0 });
        var last = first.Append(new byte[] { 0, 1, 0x42 });
        var buffer = new ReadOnlySequence<byte>(first, 0, last, 3);
        Assert.True(FrameReader.TryReadFrame(ref buffer, out var payload));
        Assert.Equal([0x42], payload.ToArray());
        Assert.True(buffer.IsEmpty);
    }

    [Theory]
    [InlineData("00000000")]
    [InlineData("ffffffff")]
    [InlineData("80000000")]
    [InlineData("06400001")]
    public void TryReadFrame_BadSize_Throws(string hex)
    {
        var buffer = new ReadOnlySequence<byte>(Convert.FromHexString(hex));
        Assert.Throws<ProtocolException>(() => FrameReader.TryReadFrame(ref buffer, out _));
    }

    [Fact]
    public void TryReadFrame_SizeAtCustomLimit_IsAcceptedAboveItThrows()
    {
        var ok = new ReadOnlySequence<byte>(Convert.FromHexString("00000002aabb"));
        Assert.True(FrameReader.TryReadFrame(ref ok, out _, maxFrameSize: 2));
        var tooBig = new ReadOnlySequence<byte>(Convert.FromHexString("00000003aabbcc"));
        Assert.Throws<ProtocolException>(() => FrameReader.TryReadFrame(ref tooBig, out _, maxFrameSize: 2));
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory) => Memory = memory;

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory) { RunningIndex = RunningIndex + Memory.Length };
            Next = next;
            return next;
        }
    }
}
