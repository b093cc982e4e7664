namespace Brook.Producer.Memory;

internal sealed partial class BufferPool
{
    // Satisfied waiters, linked through Waiter.NextReady; filled under the lock, completed after it is released.
    private Waiter? _readyHead;

    private ValueTask<byte[]> WaitFor(Waiter waiter, CancellationToken cancellationToken)
    {
        // Timer and registration are created outside the lock; if the waiter finished meanwhile they are dropped at once.
        waiter.Timer = _time.CreateTimer(static state => ((Waiter)state!).Pool.OnTimeout((Waiter)state), waiter, TimeSpan.FromMilliseconds(waiter.MaxBlockMs), Timeout.InfiniteTimeSpan);
        if (cancellationToken.CanBeCanceled)
        {
            waiter.Registration = cancellationToken.Register(static (state, token) => ((Waiter)state!).Pool.OnCancelled((Waiter)state, token), waiter);
        }

        bool done;
        lock (_lock)
        {
            done = waiter.Done;
        }

        if (done)
        {
            waiter.DisposeTimers();
        }

        return new ValueTask<byte[]>(waiter.Completion.Task);
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
            ready.DisposeTimers();
            _metrics?.RecordBufferPoolWait(ElapsedNanoseconds(ready.StartTimestamp));
            var buffer = ready.Buffer ?? (ready.Materialize ? NewBuffer(ready.Size) : []);
            ready.Buffer = null;
            ready.Completion.TrySetResult(buffer);
            ready = next;
        }
    }

    private void OnTimeout(Waiter waiter)
    {
        if (!Abandon(waiter))
        {
            return;
        }

        _metrics?.RecordBufferPoolWait(ElapsedNanoseconds(waiter.StartTimestamp));
        _metrics?.RecordBufferExhausted();
        Diagnostics.ProducerLog.BufferExhausted(Logger, waiter.Size, waiter.MaxBlockMs, TotalMemory);
        waiter.Completion.TrySetException(Internals.ThrowHelper.BufferExhausted(waiter.Size, waiter.MaxBlockMs, TotalMemory));
    }

    private void OnCancelled(Waiter waiter, CancellationToken token)
    {
        if (!Abandon(waiter))
        {
            return;
        }

        _metrics?.RecordBufferPoolWait(ElapsedNanoseconds(waiter.StartTimestamp));
        waiter.Completion.TrySetCanceled(token);
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

            waiter.Done = true;
            _waiters.Remove(waiter.Node!);
            _nonPooledAvailable += waiter.Accumulated;
            waiter.Accumulated = 0;
            Pump();
        }

        waiter.DisposeTimers();
        CompleteReady();
        return true;
    }

    private long ElapsedNanoseconds(long startTimestamp) => (long)(_time.GetElapsedTime(startTimestamp).Ticks * 100L);

    private sealed class Waiter(BufferPool pool, int size, long maxBlockMs, long startTimestamp, bool materialize)
    {
        public bool Materialize { get; } = materialize;

        public TaskCompletionSource<byte[]> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Size { get; } = size;

        public long StartTimestamp { get; } = startTimestamp;

        public long Accumulated { get; set; }

        public bool Done { get; set; }

        public byte[]? Buffer { get; set; }

        public LinkedListNode<Waiter>? Node { get; set; }

        public Waiter? NextReady { get; set; }

        public BufferPool Pool { get; } = pool;

        public long MaxBlockMs { get; } = maxBlockMs;

        public ITimer? Timer { get; set; }

        public CancellationTokenRegistration Registration { get; set; }

        public void DisposeTimers()
        {
            Timer?.Dispose();
            Registration.Dispose();
        }
    }
}
