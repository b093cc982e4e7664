using System.Collections.Concurrent;
using Brook.Producer.Accumulator;

namespace Brook.Producer.Sending;

/// <summary>
/// Completes records off the sender loop: completed batches are queued (no per-record work on the loop) and one
/// dedicated thread completes their records in order, then the batch's completion (so a flush returns after callbacks).
/// Callbacks therefore run in completion order, which per partition is send order. The thread blocks while the queue
/// is empty and is woken only then (one futex wake per idle-to-busy transition, no thread-pool hop per wake).
/// </summary>
internal sealed class CompletionDispatcher : IBatchCompletionSink, IAsyncDisposable
{
    private readonly ConcurrentQueue<ProducerBatch> _queue = new();
    private readonly WakeSignal _wake = new(TimeProvider.System); // untimed waits only: the clock is never read
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _stopping;

    /// <summary>Starts the dispatch thread.</summary>
    public CompletionDispatcher()
    {
        var thread = new Thread(static s => ((CompletionDispatcher)s!).Run()) { IsBackground = true, Name = "Brook producer completions" };
        thread.Start(this);
    }

    /// <inheritdoc />
    public void Enqueue(ProducerBatch batch)
    {
        if (_stopping)
        {
            batch.DispatchRecords(); // after dispose: complete inline so nobody waits forever
            return;
        }

        _queue.Enqueue(batch);
        _wake.Set();
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
            }
        }
        finally
        {
            _done.TrySetResult();
        }
    }
}
