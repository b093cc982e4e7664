namespace Brook.Producer.Memory;

internal sealed partial class BufferPool
{
    // Spare waiters kept for reuse; more than this many concurrent waits is unusual and the extra ones are dropped.
    private const int MaxSpareWaiters = 64;

    // Satisfied waiters, linked through Waiter.NextReady; filled under the lock, completed after it is released.
    private Waiter? _readyHead;

    // Caller holds the lock.
    private Waiter RentWaiter(int size, long maxBlockMs, bool materialize)
    {
        if (!_spareWaiters.TryPop(out var waiter))
        {
            waiter = new Waiter(this);
        }

        var now = _time.GetTimestamp();
        waiter.Arm(size, maxBlockMs, materialize, now, DeadlineAfter(now, maxBlockMs));
        return waiter;
    }

    private void ReturnWaiter(Waiter waiter)
    {
        waiter.Reset();
        lock (_lock)
        {
            if (_spareWaiters.Count < MaxSpareWaiters)
            {
                _spareWaiters.Push(waiter);
            }
        }
    }

    // Registers for cancellation only when the token can be cancelled; the registration is kept (under the lock) only
    // while the waiter is still waiting, so whoever completes it later finds it and drops it.
    private void Watch(Waiter waiter, CancellationToken cancellationToken)
    {
        if (!cancellationToken.CanBeCanceled)
        {
            return;
        }

        var registration = cancellationToken.UnsafeRegister(
            static (state, token) =>
            {
                var w = (Waiter)state!;
                w.Pool.OnCancelled(w, token);
            },
            waiter);
        bool keep;
        lock (_lock)
        {
            keep = !waiter.Done;
            if (keep)
            {
                waiter.Registration = registration;
            }
        }

        if (!keep)
        {
            registration.Dispose();
        }
    }

    // Caller holds the lock. Serves waiters strictly in arrival order: the head takes memory piecewise, and nobody
    // behind it is served until it is satisfied.
    private void Pump()
    {
        while (_waiters.First is { } node)
        {
            var waiter = node.Value;
            if (waiter.Materialize && waiter.Accumulated == 0 && waiter.Size == PoolableSize && _free.TryPop(out var pooled))
            {
                waiter.Buffer = pooled;
                waiter.Accumulated = waiter.Size;
            }
            else
            {
                var needed = waiter.Size - waiter.Accumulated;
                FreeUp(needed);
                var taken = Math.Min(needed, _nonPooledAvailable);
                _nonPooledAvailable -= taken;
                waiter.Accumulated += taken;
            }

            if (waiter.Accumulated < waiter.Size)
            {
                return;
            }

            _waiters.RemoveFirst();
            waiter.Done = true;
            waiter.NextReady = _readyHead;
            _readyHead = waiter;
        }
    }

    private void CompleteReady()
    {
        Waiter? ready;
        lock (_lock)
        {
            ready = _readyHead;
            _readyHead = null;
        }

        while (ready is not null)
        {
            var next = ready.NextReady;
            ready.NextReady = null;
            _metrics?.RecordBufferPoolWait(ElapsedNanoseconds(ready.StartTimestamp));
            var buffer = ready.Buffer ?? (ready.Materialize ? NewBuffer(ready.Size) : []);
            ready.Buffer = null;
            ready.Succeed(buffer);
            ready = next;
        }
    }

    private void OnCancelled(Waiter waiter, CancellationToken token)
    {
        if (!Abandon(waiter))
        {
            return;
        }

        _metrics?.RecordBufferPoolWait(ElapsedNanoseconds(waiter.StartTimestamp));
        waiter.Fail(new OperationCanceledException(token));
    }

    // Removes a waiter that gives up, returns what it had accumulated, and lets the next waiter proceed.
    private bool Abandon(Waiter waiter)
    {
        lock (_lock)
        {
            if (waiter.Done)
            {
                return false;
            }

            Unlink(waiter);
            Pump();
        }

        CompleteReady();
        return true;
    }

    // Caller holds the lock: the waiter leaves the queue and gives back what it had taken.
    private void Unlink(Waiter waiter)
    {
        waiter.Done = true;
        _waiters.Remove(waiter.Node);
        _nonPooledAvailable += waiter.Accumulated;
        waiter.Accumulated = 0;
    }

    private long ElapsedNanoseconds(long startTimestamp) => (long)(_time.GetElapsedTime(startTimestamp).Ticks * 100L);
}
