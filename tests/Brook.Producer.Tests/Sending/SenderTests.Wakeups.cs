using Brook.Producer.Accumulator;
using Brook.Producer.Network;
using Brook.Producer.Sending;

namespace Brook.Producer.Tests.Sending;

/// <summary>When the loop is woken, and which thread handles an answer (Sender.Passes.cs).</summary>
public sealed partial class SenderTests
{
    private static readonly TimeSpan LoopWait = TimeSpan.FromSeconds(20);

    private async Task<RecordAppendResult> AppendResult(int partition) =>
        await _accumulator.AppendAsync(Topic, partition, new RecordPayload(Now, default, true, new byte[10], false, default), _metadata, 1000, Ct);

    [Fact]
    public async Task WakeupForAppend_NewBatchWithNoPassPlannedBeforeItsLinger_WakesTheLoop()
    {
        var sender = Create(lingerMs: 5);
        await Pass(sender); // nothing queued: the next pass is planned MaxSleepMs ahead
        sender.TakeWakeup();

        sender.WakeupForAppend(await AppendResult(0));

        Assert.True(sender.TakeWakeup());
    }

    [Fact]
    public async Task WakeupForAppend_NewBatchLingeringUntilAfterThePlannedPass_DoesNotWake_AndThatPassSendsIt()
    {
        var sender = Create(lingerMs: 5);
        await AppendResult(0);
        Assert.Equal(5, await Pass(sender)); // partition 0's batch lingers: next pass at now + 5
        sender.TakeWakeup();

        sender.WakeupForAppend(await AppendResult(1)); // sendable at now + 5 too: the planned pass sees it

        Assert.False(sender.TakeWakeup());
        _time.Advance(TimeSpan.FromMilliseconds(5));
        await Pass(sender);
        Assert.Equal([0, 1], _transport.Produces.Select(p => p.NodeId).Order());
    }

    [Fact]
    public async Task WakeupForAppend_FullBatch_AlwaysWakes()
    {
        var sender = Create(lingerMs: 5);
        var appended = await AppendResult(0);
        await Pass(sender);
        sender.TakeWakeup();

        sender.WakeupForAppend(appended with { BatchIsFull = true, NewBatchCreated = false });

        Assert.True(sender.TakeWakeup());
    }

    [Fact]
    public async Task WakeupForAppend_NewBatchDuringFlush_Wakes()
    {
        var sender = Create(lingerMs: 5);
        await AppendResult(0);
        await Pass(sender);
        sender.TakeWakeup();
        _accumulator.BeginFlush(); // a flush makes the new batch sendable at once, not after linger.ms

        sender.WakeupForAppend(await AppendResult(1));

        Assert.True(sender.TakeWakeup());
    }

    [Fact]
    public async Task WakeupForAppend_NewBatchWhileCallersWaitForBufferMemory_Wakes()
    {
        // Memory pressure makes batches sendable at once (producer-algorithms.md, ready conditions): a caller waiting for
        // buffer.memory must not wait out the linger of a pass planned for later.
        var sender = Create(lingerMs: 5, partitions: 3, bufferMemory: 2 * 1024);
        await AppendResult(0);
        Assert.Equal(5, await Pass(sender));
        sender.TakeWakeup();
        var appended = await AppendResult(1); // the second and last batch buffer.memory has room for
        var waiting = _accumulator.AppendAsync(Topic, 2, new RecordPayload(Now, default, true, new byte[10], false, default), _metadata, 1000, Ct);
        Assert.False(waiting.IsCompleted);

        sender.WakeupForAppend(appended);

        Assert.True(sender.TakeWakeup());
    }

    [Fact]
    public async Task WakeupForAppend_LingerZero_Wakes()
    {
        var sender = Create(lingerMs: 0);
        await Pass(sender);
        sender.TakeWakeup();

        sender.WakeupForAppend(await AppendResult(0));

        Assert.True(sender.TakeWakeup());
    }

    [Fact(Timeout = 60_000)]
    public async Task ResponseCompletedOnAReader_WhileTheLoopSleeps_IsHandledOnThatThreadAtOnce()
    {
        var (sender, batch, completedOn) = await StartWithOneBatchAsync();
        try
        {
            // The loop's first pass sends the batch, then it sleeps (fake clock: nothing is due before the test moves it).
            WaitUntilAsleep(sender);
            var sent = _transport.Produces.Single();
            var passes = sender.PassCount;

            AnswerOnReader(sent, baseOffset: 9);

            Assert.True(batch.IsDone); // handled before Answer returned, on this (the "reader") thread
            Assert.Equal(9, batch.BaseOffset);
            Assert.Equal([Environment.CurrentManagedThreadId], completedOn);
            Assert.Equal(passes + 1, sender.PassCount);
            Assert.True(sender.IsLoopAsleep);
        }
        finally
        {
            await sender.DisposeAsync();
        }
    }

    [Fact(Timeout = 60_000)]
    public async Task ResponseCompletedOffAReader_WakesTheLoop_WhichHandlesIt()
    {
        var (sender, batch, completedOn) = await StartWithOneBatchAsync();
        try
        {
            WaitUntilAsleep(sender);

            _transport.Produces.Single().Answer(baseOffset: 9); // e.g. a test transport, a close, an acks=0 write

            Assert.True(await batch.Completion.WaitAsync(LoopWait, Ct).ContinueWith(t => t.IsCompletedSuccessfully, Ct));
            Assert.Equal(9, batch.BaseOffset);
            lock (completedOn)
            {
                Assert.NotEqual(Environment.CurrentManagedThreadId, Assert.Single(completedOn));
            }
        }
        finally
        {
            await sender.DisposeAsync();
        }
    }

    [Fact(Timeout = 60_000)]
    public async Task Close_AfterPassesOnReaders_FailsWhatRemainsAndRunsNoLaterPass()
    {
        var sender = Create();
        var first = await Append(0);
        var second = await Append(1);
        sender.Start();
        WaitUntilAsleep(sender);
        var sent = _transport.Produces.OrderBy(p => p.NodeId).ToList();
        AnswerOnReader(sent[0], baseOffset: 1);
        Assert.True(first.IsDone);

        await sender.CloseAsync(0);
        var passes = sender.PassCount;
        AnswerOnReader(sent[1], baseOffset: 2); // after close: no pass handles it

        Assert.Equal(passes, sender.PassCount);
        Assert.True(second.IsDone);
        Assert.NotNull(second.Error); // failed by close ("producer closed"), not completed by the late answer
        await sender.DisposeAsync();
    }

    [Fact(Timeout = 60_000)]
    public async Task AnswersOfOneReceive_OnAReader_AreHandledInOnePassWithTheReaderMarkOff()
    {
        var sender = Create();
        var completedOnReader = new List<bool>();
        _accumulator.CompletionSink = new ReaderMarkRecordingSink(completedOnReader);
        var first = await Append(0);
        var second = await Append(1);
        sender.Start();
        try
        {
            WaitUntilAsleep(sender);
            var sent = _transport.Produces.OrderBy(p => p.NodeId).ToList();
            Assert.Equal(2, sent.Count);
            var passes = sender.PassCount;

            // Two frames in one receive: each completion only asks; the reader runs one pass after the frames.
            ResponseCompletion.Run(static s => s.Answer(baseOffset: 1), sent[0]);
            ResponseCompletion.Run(static s => s.Answer(baseOffset: 2), sent[1]);
            Assert.False(first.IsDone);
            Assert.Equal(passes, sender.PassCount);

            ResponseCompletion.RunDeferredPass();

            Assert.True(first.IsDone && second.IsDone);
            Assert.Equal(passes + 1, sender.PassCount);

            // The pass ran with the reader's mark off: a completion inside it (an acks=0 write, a failure) wakes the loop
            // thread instead of chaining another pass on this reader.
            Assert.Equal([false, false], completedOnReader);
        }
        finally
        {
            await sender.DisposeAsync();
        }
    }

    // A started loop with one batch queued for partition 0, recording the threads its completions run on.
    private async Task<(Sender Sender, ProducerBatch Batch, List<int> CompletedOn)> StartWithOneBatchAsync()
    {
        var sender = Create();
        var completedOn = new List<int>();
        _accumulator.CompletionSink = new ThreadRecordingSink(completedOn);
        var batch = await Append(0);
        sender.Start();
        return (sender, batch, completedOn);
    }

    // The started loop ran its first pass (which sent what was queued) and sleeps: the fake clock moves only when told.
    private static void WaitUntilAsleep(Sender sender) =>
        Assert.True(SpinWait.SpinUntil(() => sender.PassCount >= 1 && sender.IsLoopAsleep, LoopWait), "the loop never went to sleep");

    // What a connection's reader does with one frame: completes the request with the mark on, then runs the pass asked for.
    private static void AnswerOnReader(FakeTransport.Sent sent, long baseOffset)
    {
        ResponseCompletion.Run(static s => s.Sent.Answer(baseOffset: s.BaseOffset), (Sent: sent, BaseOffset: baseOffset));
        ResponseCompletion.RunDeferredPass();
    }

    private sealed class ReaderMarkRecordingSink(List<bool> marks) : IBatchCompletionSink
    {
        public void Enqueue(ProducerBatch batch)
        {
            marks.Add(ResponseCompletion.IsOnReader);
            batch.DispatchRecords();
        }
    }

    private sealed class ThreadRecordingSink(List<int> threads) : IBatchCompletionSink
    {
        public void Enqueue(ProducerBatch batch)
        {
            lock (threads)
            {
                threads.Add(Environment.CurrentManagedThreadId);
            }

            batch.DispatchRecords();
        }
    }
}
