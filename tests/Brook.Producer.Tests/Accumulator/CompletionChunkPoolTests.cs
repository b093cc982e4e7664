using Brook.Producer.Accumulator;

namespace Brook.Producer.Tests.Accumulator;

public sealed class CompletionChunkPoolTests
{
    [Fact]
    public void Rent_WhenEmpty_GivesANewClearedChunk()
    {
        var chunk = new CompletionChunkPool().Rent();

        Assert.Equal(CompletionChunk.Capacity, chunk.Slots.Length);
        Assert.All(chunk.Slots, slot => Assert.Null(slot.Completion));
        Assert.Null(chunk.Next);
    }

    [Fact]
    public void Rent_AfterReturn_ReusesTheChunkUnlinked()
    {
        var pool = new CompletionChunkPool();
        var first = pool.Rent();
        var second = pool.Rent();
        first.Next = second;

        pool.Return(first);
        pool.Return(second);

        Assert.Same(first, pool.Rent());
        Assert.Null(first.Next);
        Assert.Same(second, pool.Rent());
        Assert.NotSame(first, pool.Rent()); // both taken: a new one
    }
}
