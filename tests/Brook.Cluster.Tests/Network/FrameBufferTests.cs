using System.Buffers.Binary;
using Brook.Cluster.Network;
using Brook.Protocol;

namespace Brook.Cluster.Tests.Network;

public sealed class FrameBufferTests
{
    /// <summary>Frames of distinct contents (payload byte i = frame index + i), framed back to back.</summary>
    private static (byte[] Stream, byte[][] Payloads) Frames(params int[] sizes)
    {
        var payloads = sizes.Select((size, f) => Enumerable.Range(0, size).Select(i => (byte)(f * 31 + i)).ToArray()).ToArray();
        var stream = new byte[payloads.Sum(p => p.Length + 4)];
        var at = 0;
        foreach (var p in payloads)
        {
            BinaryPrimitives.WriteInt32BigEndian(stream.AsSpan(at), p.Length);
            p.CopyTo(stream, at + 4);
            at += p.Length + 4;
        }

        return (stream, payloads);
    }

    /// <summary>Feeds <paramref name="chunks"/> as separate receives (each capped by the space offered) and collects the frames.</summary>
    private static List<byte[]> Feed(FrameBuffer buffer, IEnumerable<byte[]> chunks)
    {
        var frames = new List<byte[]>();
        foreach (var chunk in chunks)
        {
            var rest = chunk.AsSpan();
            while (!rest.IsEmpty)
            {
                var space = buffer.GetReceiveSpace();
                Assert.False(space.IsEmpty);
                var n = Math.Min(space.Length, rest.Length);
                rest[..n].CopyTo(space);
                buffer.Commit(n);
                rest = rest[n..];
                while (buffer.TryReadFrame(out var payload))
                {
                    frames.Add(payload.ToArray());
                }
            }
        }

        return frames;
    }

    [Fact]
    public void TryReadFrame_FramesSplitAtEveryByteBoundary_YieldsEachFrameWholeAndInOrder()
    {
        var (stream, payloads) = Frames(1, 9, 40, 3);

        for (var split = 1; split < stream.Length; split++)
        {
            using var buffer = new FrameBuffer(64);
            var frames = Feed(buffer, [stream[..split], stream[split..]]);

            Assert.Equal(payloads, frames);
            Assert.Equal(0, buffer.Buffered);
        }
    }

    [Fact]
    public void TryReadFrame_OneByteAtATime_YieldsEachFrameWhole()
    {
        var (stream, payloads) = Frames(5, 30, 12, 1, 50);
        using var buffer = new FrameBuffer(64);

        var frames = Feed(buffer, stream.Select(b => new[] { b }));

        Assert.Equal(payloads, frames);
    }

    [Fact]
    public void TryReadFrame_ManyFramesInOneReceive_YieldsThemAll()
    {
        var (stream, payloads) = Frames(Enumerable.Range(1, 200).Select(i => i % 17 + 1).ToArray());
        using var buffer = new FrameBuffer(16 * 1024);

        var frames = Feed(buffer, [stream]);

        Assert.Equal(200, frames.Count);
        Assert.Equal(payloads, frames);
    }

    [Fact]
    public void GetReceiveSpace_FrameLargerThanTheBuffer_GrowsTheBufferAndKeepsIt()
    {
        var (stream, payloads) = Frames(3, 1000, 7, 900, 4);
        using var buffer = new FrameBuffer(64, maxRetained: 2048);

        var frames = Feed(buffer, stream.Chunk(37));

        Assert.Equal(payloads, frames);
        Assert.InRange(buffer.Capacity, 1004, 2048);
        Assert.False(buffer.IsOversized);
    }

    [Fact]
    public void GetReceiveSpace_FrameBeyondTheRetentionLimit_GetsAnArrayOfItsOwnThenTheRetainedBufferIsBack()
    {
        var (stream, payloads) = Frames(3, 5000, 7, 2500, 4);
        using var buffer = new FrameBuffer(64, maxRetained: 2048);
        var sawOversized = false;
        var frames = new List<byte[]>();

        foreach (var chunk in stream.Chunk(37))
        {
            frames.AddRange(Feed(buffer, [chunk]));
            sawOversized |= buffer.IsOversized;
        }

        Assert.True(sawOversized);
        Assert.Equal(payloads, frames);
        buffer.GetReceiveSpace();
        Assert.False(buffer.IsOversized);
        Assert.True(buffer.Capacity <= 2048);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(1001)]
    [InlineData(int.MaxValue)]
    public void TryReadFrame_SizeOutsideOneToMax_ThrowsNamingTheLimit(int size)
    {
        using var buffer = new FrameBuffer(64, maxFrameSize: 1000);
        var prefix = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(prefix, size);
        prefix.CopyTo(buffer.GetReceiveSpace());
        buffer.Commit(4);

        var e = Assert.Throws<ProtocolException>(() => buffer.TryReadFrame(out _));

        Assert.Contains("socket.request.max.bytes", e.Message, StringComparison.Ordinal);
        Assert.Throws<ProtocolException>(() => buffer.GetReceiveSpace());
        Assert.False(buffer.IsOversized);
    }

    [Fact]
    public void TryReadFrame_IncompleteSizePrefix_WaitsForMore()
    {
        using var buffer = new FrameBuffer(64);
        buffer.GetReceiveSpace()[..3].Clear();
        buffer.Commit(3);

        Assert.False(buffer.TryReadFrame(out _));
        Assert.Equal(3, buffer.Buffered);
    }
}
