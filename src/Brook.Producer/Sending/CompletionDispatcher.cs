using System.Threading.Channels;
using Brook.Producer.Accumulator;

namespace Brook.Producer.Sending;

/// <summary>
/// Completes records off the sender loop: completed batches are queued (no per-record work on the loop) and one
/// dedicated task completes their records in order, then the batch's completion (so a flush returns after callbacks).
/// Callbacks therefore run in completion order, which per partition is send order.
/// </summary>
internal sealed class CompletionDispatcher : IBatchCompletionSink, IAsyncDisposable
{
    private readonly Channel<ProducerBatch> _queue = Channel.CreateUnbounded<ProducerBatch>(new UnboundedChannelOptions { SingleReader = true, AllowSynchronousContinuations = false });
    private readonly Task _loop;

    /// <summary>Starts the dispatch task.</summary>
    public CompletionDispatcher()
    {
        _loop = Task.Factory.StartNew(RunAsync, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();
    }

    /// <inheritdoc />
    public void Enqueue(ProducerBatch batch)
    {
        if (!_queue.Writer.TryWrite(batch))
        {
            batch.DispatchRecords(); // after dispose: complete inline so nobody waits forever
        }
    }

    /// <summary>Completes what is queued, then stops.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
    }

    private async Task RunAsync()
    {
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (reader.TryRead(out var batch))
            {
                batch.DispatchRecords();
            }
        }
    }
}
