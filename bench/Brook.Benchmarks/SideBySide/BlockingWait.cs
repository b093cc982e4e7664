namespace Brook.Benchmarks.SideBySide;

/// <summary>
/// Blocks the calling thread until a <see cref="ValueTask"/> completes, without allocating: a per-thread event and a
/// cached delegate registered on the awaiter. Brook's waiting sends are pooled value-task sources that queue the
/// continuation without a work-item object, so the whole blocked send stays allocation-free.
/// </summary>
internal static class BlockingWait
{
    [ThreadStatic]
    private static Waiter? _waiter;

    /// <summary>Waits for <paramref name="task"/> and rethrows its failure.</summary>
    public static void Wait(ValueTask task)
    {
        if (!task.IsCompleted)
        {
            var waiter = _waiter ??= new Waiter();
            waiter.Event.Reset();
            task.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(waiter.Set);
            waiter.Event.Wait();
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
