namespace Brook.Producer.Sending;

/// <summary>
/// A cheap auto-reset signal for the sender loop: <see cref="Set"/> costs one volatile read when already set and never
/// allocates; the loop waits with a timeout on the injected clock.
/// </summary>
internal sealed class WakeSignal
{
    private readonly Lock _lock = new();
    private int _signaled;
    private TaskCompletionSource? _waiter;

    /// <summary>Wakes the waiter (or makes the next wait return at once).</summary>
    public void Set()
    {
        if (Volatile.Read(ref _signaled) == 1)
        {
            return;
        }

        TaskCompletionSource? waiter;
        lock (_lock)
        {
            _signaled = 1;
            waiter = _waiter;
            _waiter = null;
        }

        waiter?.TrySetResult();
    }

    /// <summary>Waits until <see cref="Set"/> or until <paramref name="timeoutMs"/> passed on <paramref name="time"/>.</summary>
    public async Task WaitAsync(long timeoutMs, TimeProvider time, CancellationToken cancellationToken)
    {
        Task wait;
        lock (_lock)
        {
            if (_signaled == 1)
            {
                _signaled = 0;
                return;
            }

            _waiter ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            wait = _waiter.Task;
        }

        try
        {
            await wait.WaitAsync(TimeSpan.FromMilliseconds(Math.Max(1, timeoutMs)), time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Timed wake-up: linger, backoff or a refresh is due.
        }

        lock (_lock)
        {
            _signaled = 0;
        }
    }
}
