using Brook.Producer.Accumulator;
using Brook.Producer.Sending;
using Brook.Protocol.Records;

namespace Brook.Producer.Tests.Sending;

public sealed class CompletionDispatcherTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    private static ProducerBatch NewBatch() => new(new TopicPartition("t", 0), new RecordBatchBuilder(1024), 0, 0);

    // One batch dispatched and its wake counted: from here the thread blocks with no wake-up pending.
    private static async Task<CompletionDispatcher> StartIdleAsync()
    {
        var dispatcher = new CompletionDispatcher();
        WaitUntilAsleep(dispatcher);
        var batch = NewBatch();
        dispatcher.Enqueue(batch);
        await batch.Completion.WaitAsync(Bound, TestContext.Current.CancellationToken);
        WaitUntilAsleep(dispatcher);
        Assert.Equal(1, dispatcher.Wakes);
        return dispatcher;
    }

    // A batch's completion runs before the thread goes back to its wait: an Enqueue in between would be dispatched
    // without a wake of its own and counted late. Waiting for the thread to block makes every wake an observed one.
    private static void WaitUntilAsleep(CompletionDispatcher dispatcher) =>
        Assert.True(SpinWait.SpinUntil(() => dispatcher.IsAsleep, Bound), "the dispatch thread never went back to its wait");

    [Fact(Timeout = 60_000)]
    public async Task Enqueue_WhileHeld_WakesTheThreadOnceOnRelease()
    {
        await using var dispatcher = await StartIdleAsync();
        var batches = Enumerable.Range(0, 5).Select(_ => NewBatch()).ToArray();

        dispatcher.HoldWakeups();
        foreach (var batch in batches)
        {
            dispatcher.Enqueue(batch);
        }

        dispatcher.ReleaseWakeups();

        await Task.WhenAll(batches.Select(b => b.Completion)).WaitAsync(Bound, TestContext.Current.CancellationToken);
        WaitUntilAsleep(dispatcher);
        Assert.Equal(2, dispatcher.Wakes);
    }

    [Fact(Timeout = 60_000)]
    public async Task Enqueue_NotHeld_WakesTheThreadPerIdleToBusyTransition()
    {
        await using var dispatcher = await StartIdleAsync();

        for (var i = 0; i < 5; i++)
        {
            var batch = NewBatch();
            dispatcher.Enqueue(batch);
            await batch.Completion.WaitAsync(Bound, TestContext.Current.CancellationToken);
            WaitUntilAsleep(dispatcher);
        }

        Assert.Equal(6, dispatcher.Wakes); // each wake is counted before the batch it woke for is dispatched
    }

    [Fact(Timeout = 60_000)]
    public async Task ReleaseWakeups_WithNothingQueued_LeavesTheThreadAsleep()
    {
        await using var dispatcher = await StartIdleAsync();

        dispatcher.HoldWakeups();
        dispatcher.ReleaseWakeups();
        var batch = NewBatch();
        dispatcher.Enqueue(batch);
        await batch.Completion.WaitAsync(Bound, TestContext.Current.CancellationToken);
        WaitUntilAsleep(dispatcher);

        Assert.Equal(2, dispatcher.Wakes); // the empty release woke nothing; the enqueue woke it once
    }
}
