using System.Buffers;
using Brook.Producer.Accumulator;
using Brook.Protocol.Records;

namespace Brook.Producer.Tests.Accumulator;

public sealed class BatchBufferPoolTests
{
    [Fact]
    public void Rent_UpToSlotSize_ReturnsExactlySlotSize()
    {
        var pool = new BatchBufferPool(16_445, 4, ArrayPool<byte>.Shared);

        Assert.Equal(16_445, pool.Rent(1).Length);
        Assert.Equal(16_445, pool.Rent(16_445).Length);
    }

    [Fact]
    public void Rent_AfterReturn_ReusesTheSameBufferLastInFirstOut()
    {
        var pool = new BatchBufferPool(1000, 4, ArrayPool<byte>.Shared);
        var first = pool.Rent(1000);
        var second = pool.Rent(1000);

        pool.Return(first);
        pool.Return(second);

        Assert.Same(second, pool.Rent(10));
        Assert.Same(first, pool.Rent(10));
        Assert.NotSame(first, pool.Rent(10)); // empty again: a new buffer
    }

    [Fact]
    public void Return_BeyondMaxSlots_DropsTheBuffer()
    {
        var pool = new BatchBufferPool(100, 2, ArrayPool<byte>.Shared);
        var buffers = new[] { pool.Rent(100), pool.Rent(100), pool.Rent(100) };

        foreach (var buffer in buffers)
        {
            pool.Return(buffer);
        }

        Assert.Equal(2, pool.FreeCount);
    }

    [Fact]
    public void Rent_LargerThanSlot_GoesToTheLargerPoolAndBackThere()
    {
        var larger = ArrayPool<byte>.Create(1 << 20, 4);
        var pool = new BatchBufferPool(100, 2, larger);

        var big = pool.Rent(5000);
        Assert.True(big.Length >= 5000);
        pool.Return(big);

        Assert.Equal(0, pool.FreeCount);
        Assert.Same(big, larger.Rent(5000));
    }

    [Fact]
    public void Return_WithClear_ZeroesTheBuffer()
    {
        var pool = new BatchBufferPool(64, 2, ArrayPool<byte>.Shared);
        var buffer = pool.Rent(64);
        buffer.AsSpan().Fill(0xAB);

        pool.Return(buffer, clearArray: true);

        Assert.All(pool.Rent(64), b => Assert.Equal(0, b));
    }

    [Fact]
    public void RecordBatchBuilder_OverTheSlotPool_GrowsIntoTheLargerPoolAndReturnsBoth()
    {
        // A builder's first rent is min(batch.size, 64 KiB) + 61 header bytes: the slot the accumulator pools.
        var pool = new BatchBufferPool(1000 + 61, 4, ArrayPool<byte>.Shared);
        var builder = new RecordBatchBuilder(1000, pool);
        var value = new byte[3000]; // one record above batch.size is always accepted, so the buffer must grow

        Assert.True(builder.TryAppend(0, (byte[]?)null, value));
        builder.Dispose();

        Assert.Equal(1, pool.FreeCount); // the first (slot) buffer came back when the builder grew
    }
}
