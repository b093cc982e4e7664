namespace Brook.Producer.Tests.Client;

/// <summary>
/// Blocks the calling thread on a <see cref="ValueTask"/> without allocating: a per-thread event and a cached delegate
/// registered on the awaiter (what a synchronous caller such as the side-by-side bench does instead of
/// <c>AsTask().Wait()</c>).
/// </summary>
internal static class ValueTaskBlocker
{
    [ThreadStatic]
    private static Waiter? _waiter;

    public static void Wait(ValueTask task)
    {
        if (!task.IsCompleted)
        {
            var waiter = _waiter ??= new Waiter();
            waiter.Event.Reset();
            task.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(waiter.Set);
            if (!waiter.Event.Wait(TimeSpan.FromSeconds(60)))
            {
                throw new TimeoutException("The send was not buffered within 60 s.");
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
