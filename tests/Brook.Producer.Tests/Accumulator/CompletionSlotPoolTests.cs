using Brook.Producer.Accumulator;

namespace Brook.Producer.Tests.Accumulator;

public sealed class CompletionSlotPoolTests
{
    [Theory]
    [InlineData(1, 64)]
    [InlineData(64, 64)]
    [InlineData(65, 128)]
    [InlineData(1000, 1024)]
    [InlineData(1 << 20, 1 << 20)]
    public void Rent_GivesThePowerOfTwoAtLeastAsLong(int minimum, int expected)
    {
        var pool = new CompletionSlotPool();

        Assert.Equal(expected, pool.Rent(minimum).Length);
    }

    [Fact]
    public void Rent_AfterReturn_ReusesTheArrayOfThatLength()
    {
        var pool = new CompletionSlotPool();
        var small = pool.Rent(64);
        var large = pool.Rent(256);

        pool.Return(small);
        pool.Return(large);

        Assert.Same(large, pool.Rent(200));
        Assert.Same(small, pool.Rent(10));
        Assert.NotSame(small, pool.Rent(10)); // taken: a new one
    }

    [Fact]
    public void Rent_BeyondTheLargestPooledLength_GivesExactlyTheLengthAndReturnDropsIt()
    {
        var pool = new CompletionSlotPool();
        var huge = pool.Rent((1 << 24) + 1);

        pool.Return(huge);

        Assert.Equal((1 << 24) + 1, huge.Length);
        Assert.NotSame(huge, pool.Rent((1 << 24) + 1));
    }
}
