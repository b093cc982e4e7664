namespace Brook.TestSupport.Benchmarking;

/// <summary>
/// Blocks the calling thread on a <see cref="ValueTask"/> without allocating: a per-thread event and a cached delegate
/// registered on the awaiter (what a synchronous caller such as the side-by-side bench does instead of
/// <c>AsTask().Wait()</c>). Brook's waiting sends are pooled value-task sources that queue the continuation without a
/// work-item object, so the whole blocked send stays allocation-free.
/// </summary>
public static class ValueTaskBlocker
{
    [ThreadStatic]
    private static Waiter? _waiter;

    /// <summary>Waits for <paramref name="task"/> (at most <paramref name="timeout"/>; infinite when null) and rethrows its failure.</summary>
    public static void Wait(ValueTask task, TimeSpan? timeout = null)
    {
        if (!task.IsCompleted)
        {
            var waiter = _waiter ??= new Waiter();
            waiter.Event.Reset();
            task.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(waiter.Set);
            if (!waiter.Event.Wait(timeout ?? Timeout.InfiniteTimeSpan))
            {
                throw new TimeoutException($"The send was not buffered within {timeout}.");
            }
        }

        task.GetAwaiter().GetResult();
    }

    private sealed class Waiter
    {
        public Waiter() => Set = Event.Set;

        public ManualResetEventSlim Event { get; } = new(false);

        public Action Set { get; }
    }
}
