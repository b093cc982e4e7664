using Brook.Protocol.Records;

namespace Brook.Protocol.Tests.Records;

public sealed class PooledBufferWriterTests
{
    [Fact]
    public void GetSpan_PastCapacity_GrowsAndKeepsWrittenBytes()
    {
        using var writer = new PooledBufferWriter(16);
        for (var i = 0; i < 1000; i++)
        {
            writer.GetSpan(1)[0] = (byte)i;
            writer.Advance(1);
        }

        Assert.Equal(1000, writer.WrittenCount);
        for (var i = 0; i < 1000; i++)
        {
            Assert.Equal((byte)i, writer.WrittenSpan[i]);
        }
    }

    [Fact]
    public void Reset_KeepsCapacityAndClearsCount()
    {
        using var writer = new PooledBufferWriter(100);
        writer.Advance(50);
        var capacity = writer.Capacity;
        writer.Reset();
        Assert.Equal(0, writer.WrittenCount);
        Assert.Equal(capacity, writer.Capacity);
    }

    [Fact]
    public void Advance_PastSpan_Throws()
    {
        using var writer = new PooledBufferWriter(16);
        Assert.Throws<ArgumentOutOfRangeException>(() => writer.Advance(writer.Capacity + 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => writer.Advance(-1));
    }

    [Fact]
    public void GetMemory_SizeHint_IsHonoured()
    {
        using var writer = new PooledBufferWriter(0);
        Assert.True(writer.GetMemory(5000).Length >= 5000);
    }
}
