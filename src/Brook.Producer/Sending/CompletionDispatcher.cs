using System.Collections.Concurrent;
using Brook.Producer.Accumulator;

namespace Brook.Producer.Sending;

/// <summary>
/// Completes records off the sender loop: completed batches are queued (no per-record work on the loop) and one
/// dedicated thread completes their records in order, then the batch's completion (so a flush returns after callbacks).
/// Callbacks therefore run in completion order, which per partition is send order. The thread blocks while the queue
/// is empty and is woken only then (one futex wake per idle-to-busy transition, no thread-pool hop per wake). A sender
/// pass holds the wake-up (<see cref="HoldWakeups"/>) while it handles answers and gives it once after them, so the
/// thread wakes once per pass (the answers' batches) instead of once per batch.
/// </summary>
internal sealed class CompletionDispatcher : IBatchCompletionSink, IAsyncDisposable
{
    private readonly ConcurrentQueue<ProducerBatch> _queue = new();
    private readonly WakeSignal _wake = new(TimeProvider.System); // untimed waits only: the clock is never read
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _stopping;
    private int _held;
    private long _wakes;

    /// <summary>Starts the dispatch thread.</summary>
    public CompletionDispatcher()
    {
        var thread = new Thread(static s => ((CompletionDispatcher)s!).Run()) { IsBackground = true, Name = "Brook producer completions" };
        thread.Start(this);
    }

    /// <summary>How many times the dispatch thread woke from its idle wait (tests: one wake per held pass).</summary>
    internal long Wakes => Interlocked.Read(ref _wakes);

    /// <summary>The dispatch thread blocks in its idle wait (tests: the next wake is counted before the batch it woke for is dispatched).</summary>
    internal bool IsAsleep => _wake.IsWaiting;

    /// <inheritdoc />
    public void Enqueue(ProducerBatch batch)
    {
        if (_stopping)
        {
            batch.DispatchRecords(); // after dispose: complete inline so nobody waits forever
            return;
        }

        _queue.Enqueue(batch); // a full fence: pairs with ReleaseWakeups' clear of _held before it reads the queue
        if (Volatile.Read(ref _held) == 0)
        {
            _wake.Set();
        }
    }

    /// <summary>
    /// Batches enqueued from now on (on any thread) do not wake the dispatch thread until <see cref="ReleaseWakeups"/>:
    /// the sender holds it for one pass, which may complete many batches. Not nestable (one pass at a time).
    /// </summary>
    public void HoldWakeups() => Volatile.Write(ref _held, 1);

    /// <summary>Ends <see cref="HoldWakeups"/>: wakes the dispatch thread once if anything was queued meanwhile.</summary>
    public void ReleaseWakeups()
    {
        // Full fence between clearing the hold and reading the queue: an Enqueue that still saw the hold queued its
        // batch before that read (its enqueue is a fence too), so either it wakes the thread or this does.
        Interlocked.Exchange(ref _held, 0);
        if (!_queue.IsEmpty)
        {
            _wake.Set();
        }
    }

    /// <summary>Completes what is queued, then stops.</summary>
    public async ValueTask DisposeAsync()
    {
        _stopping = true;
        _wake.Set();
        await _done.Task.ConfigureAwait(false);
        while (_queue.TryDequeue(out var late))
        {
            late.DispatchRecords(); // enqueued while the thread was stopping
        }
    }

    private void Run()
    {
        try
        {
            while (true)
            {
                while (_queue.TryDequeue(out var batch))
                {
                    batch.DispatchRecords();
                }

                if (_stopping)
                {
                    break;
                }

                _wake.Wait(-1);
                Interlocked.Increment(ref _wakes);
            }
        }
        finally
        {
            _done.TrySetResult();
        }
    }
}
