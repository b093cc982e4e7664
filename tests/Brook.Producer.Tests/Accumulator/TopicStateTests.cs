using Brook.Producer.Accumulator;
using Brook.Producer.Internals;
using Brook.Producer.Partitioning;

namespace Brook.Producer.Tests.Accumulator;

public sealed class TopicStateTests
{
    private static TopicState Create() => new("t", new BuiltInPartitioner("t", 1024, new RandomSource(1)));

    [Fact]
    public void GetOrCreate_PartitionsInAnyOrder_GivesOneDequePerPartition()
    {
        var state = Create();

        var five = state.GetOrCreate(5);
        var zero = state.GetOrCreate(0);
        var two = state.GetOrCreate(2);

        Assert.Same(five, state.GetOrCreate(5));
        Assert.Same(zero, state.GetOrCreate(0));
        Assert.Same(two, state.GetOrCreate(2));
        Assert.Equal(new TopicPartition("t", 5), five.TopicPartition);
        Assert.Equal([five, zero, two], state.DequeList);
        Assert.Same(zero, state.Deques[0]);
    }

    [Fact]
    public void GetOrCreate_NegativePartition_Throws()
    {
        var state = Create();

        Assert.Throws<ArgumentOutOfRangeException>(() => state.GetOrCreate(-1));
        Assert.Empty(state.DequeList);
    }

    [Fact]
    public async Task GetOrCreate_FromManyThreads_CreatesEachDequeOnce()
    {
        var state = Create();
        var seen = new PartitionDeque[8][];

        await Task.WhenAll(Enumerable.Range(0, 8).Select(t => Task.Run(
            () =>
            {
                var mine = new PartitionDeque[64];
                for (var i = 0; i < 64; i++)
                {
                    var partition = ((i * 7) + t) % 64;
                    mine[partition] = state.GetOrCreate(partition);
                }

                seen[t] = mine;
            },
            TestContext.Current.CancellationToken)));

        Assert.Equal(64, state.DequeList.Length);
        for (var t = 1; t < seen.Length; t++)
        {
            for (var p = 0; p < 64; p++)
            {
                Assert.Same(seen[0][p], seen[t][p]);
            }
        }
    }
}
