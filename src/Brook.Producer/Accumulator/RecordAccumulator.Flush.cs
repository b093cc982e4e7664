namespace Brook.Producer.Accumulator;

internal sealed partial class RecordAccumulator
{
    /// <summary>Marks a flush in progress: every queued batch is sendable at once (linger ignored). Pair with <see cref="AwaitFlushCompletionAsync"/>.</summary>
    public void BeginFlush() => Interlocked.Increment(ref _flushesInProgress);

    /// <summary>
    /// Waits for the batches that were incomplete when called — a checkpoint (§14): records appended later are not
    /// awaited, and linger is never waited for. Cancellation stops the wait; the batches keep going. Ends the flush
    /// started by <see cref="BeginFlush"/> either way.
    /// </summary>
    public async Task AwaitFlushCompletionAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            Task[] pending;
            lock (_incompleteLock)
            {
                pending = new Task[_incomplete.Count];
                var i = 0;
                foreach (var batch in _incomplete)
                {
                    pending[i++] = batch.Completion;
                }
            }

            await Task.WhenAll(pending).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Decrement(ref _flushesInProgress);
        }
    }
}
