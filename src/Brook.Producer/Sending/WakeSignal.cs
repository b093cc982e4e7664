namespace Brook.Producer.Sending;

/// <summary>
/// An auto-reset signal for a dedicated thread (the sender loop, the completion dispatcher): <see cref="Set"/> costs one
/// interlocked exchange when the thread is busy, and a monitor pulse only when it sleeps; <see cref="Wait"/> blocks the
/// calling thread (no thread-pool hop, no spinning worker) until set or until a timeout on the injected clock. With
/// <see cref="TimeProvider.System"/> the timeout is the monitor's own; any other clock gets one reusable timer that
/// sets the signal, so a fake clock wakes the thread when a test advances it. Never allocates after construction.
/// </summary>
internal sealed class WakeSignal : IDisposable
{
    private readonly object _gate = new();
    private readonly ITimer? _timer;
    private int _signaled;
    private int _sleeping;

    /// <summary>Creates a signal whose timed waits run on <paramref name="time"/>.</summary>
    public WakeSignal(TimeProvider time)
    {
        if (time != TimeProvider.System)
        {
            _timer = time.CreateTimer(static s => ((WakeSignal)s!).Set(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>Wakes the waiter (or makes the next wait return at once).</summary>
    public void Set()
    {
        // Dekker pair with Wait: both sides publish with a full fence, then read the other's flag, so either the
        // waiter sees the signal before sleeping or the setter sees the waiter asleep and pulses it.
        if (Volatile.Read(ref _signaled) == 1 || Interlocked.Exchange(ref _signaled, 1) == 1)
        {
            return;
        }

        if (Volatile.Read(ref _sleeping) == 1)
        {
            lock (_gate)
            {
                Monitor.Pulse(_gate);
            }
        }
    }

    /// <summary>
    /// Blocks until <see cref="Set"/> (returns true) or until <paramref name="timeoutMs"/> passed on the clock (false);
    /// a negative timeout waits for the signal only. Consumes the signal.
    /// </summary>
    public bool Wait(long timeoutMs)
    {
        if (Interlocked.Exchange(ref _signaled, 0) == 1)
        {
            return true;
        }

        var infinite = timeoutMs < 0 || timeoutMs >= int.MaxValue;
        if (_timer is not null && !infinite)
        {
            _timer.Change(TimeSpan.FromMilliseconds(Math.Max(1, timeoutMs)), Timeout.InfiniteTimeSpan);
        }

        lock (_gate)
        {
            Interlocked.Exchange(ref _sleeping, 1);
            if (Volatile.Read(ref _signaled) == 0)
            {
                if (_timer is not null || infinite)
                {
                    Monitor.Wait(_gate);
                }
                else
                {
                    Monitor.Wait(_gate, (int)Math.Max(1, timeoutMs));
                }
            }

            Volatile.Write(ref _sleeping, 0);
        }

        _timer?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        return Interlocked.Exchange(ref _signaled, 0) == 1;
    }

    /// <summary>True while a thread is inside <see cref="Wait"/>'s blocking part (tests: a <see cref="Set"/> from now on is what wakes it).</summary>
    internal bool IsWaiting => Volatile.Read(ref _sleeping) == 1;

    /// <summary>Consumes a pending signal without blocking: true when there was one.</summary>
    public bool TryTake() => Interlocked.Exchange(ref _signaled, 0) == 1;

    /// <inheritdoc />
    public void Dispose() => _timer?.Dispose();
}
