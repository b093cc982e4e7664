using Brook.Producer.Internals;
using Brook.Producer.Metrics;

namespace Brook.Producer.Memory;

/// <summary>
/// Accounts <c>buffer.memory</c> for batches waiting to be sent or acknowledged (producer-algorithms.md §3, Java
/// <c>BufferPool</c>). Buffers of exactly <c>batch.size</c> are pooled; other sizes come from the non-pooled memory,
/// which pooled buffers are released into when needed. When memory runs out, callers queue FIFO and wait
/// asynchronously (cancellable) for up to their remaining <c>max.block.ms</c>, then fail with
/// <see cref="BufferExhaustedException"/>. Memory is returned with <c>Deallocate</c> when a batch completes,
/// not when it is written to the socket. A wait allocates nothing in steady state: waiters are pooled value-task
/// sources, one shared timer enforces every max.block.ms, and a token that cannot be cancelled registers nothing.
/// </summary>
internal sealed partial class BufferPool : IBufferPoolStats
{
    private readonly Lock _lock = new();
    private readonly Stack<byte[]> _free = new();
    private readonly LinkedList<Waiter> _waiters = new();
    private readonly Stack<Waiter> _spareWaiters = new();
    private readonly TimeProvider _time;
    private readonly ProducerMetrics? _metrics;
    private long _nonPooledAvailable;
    private bool _closed;
    private long _waitCount;

    /// <summary>Creates the pool.</summary>
    /// <param name="totalMemory">buffer.memory.</param>
    /// <param name="poolableSize">batch.size: the one size that is pooled.</param>
    /// <param name="time">The clock for max.block.ms and wait-time metrics.</param>
    /// <param name="metrics">Where wait time and exhaustion are recorded; null for none.</param>
    public BufferPool(long totalMemory, int poolableSize, TimeProvider time, ProducerMetrics? metrics = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(totalMemory);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(poolableSize);
        TotalMemory = totalMemory;
        PoolableSize = poolableSize;
        _nonPooledAvailable = totalMemory;
        _time = time;
        _metrics = metrics;
        metrics?.AttachBufferPool(this);
    }

    /// <summary>buffer.memory.</summary>
    public long TotalMemory { get; }

    /// <summary>Where exhaustion is logged (<see cref="Diagnostics.ProducerLog.BufferExhausted"/>).</summary>
    public Microsoft.Extensions.Logging.ILogger Logger { get; init; } = Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

    /// <summary>batch.size: the pooled buffer size.</summary>
    public int PoolableSize { get; }

    /// <summary>Free bytes: non-pooled memory plus free pooled buffers (<c>buffer-available-bytes</c>).</summary>
    public long AvailableMemory
    {
        get
        {
            lock (_lock)
            {
                return _nonPooledAvailable + ((long)_free.Count * PoolableSize);
            }
        }
    }

    /// <summary>Non-pooled free bytes (excludes free pooled buffers).</summary>
    public long UnallocatedMemory
    {
        get
        {
            lock (_lock)
            {
                return _nonPooledAvailable;
            }
        }
    }

    /// <summary>Pooled buffers ready for reuse.</summary>
    public int FreeBufferCount
    {
        get
        {
            lock (_lock)
            {
                return _free.Count;
            }
        }
    }

    /// <summary>Called (outside the lock) whenever a caller starts waiting for memory; a test seam, null in production.</summary>
    public Action? WaitStarted { get; set; }

    /// <summary>Waits for memory so far (served, timed out or cancelled).</summary>
    public long WaitCount
    {
        get
        {
            lock (_lock)
            {
                return _waitCount;
            }
        }
    }

    /// <summary>Callers waiting for memory; non-zero means memory pressure (batches become sendable at once).</summary>
    public int QueuedCount
    {
        get
        {
            lock (_lock)
            {
                return _waiters.Count;
            }
        }
    }

    /// <summary>
    /// Allocates a buffer of <paramref name="size"/> bytes. Completes synchronously when memory is free and nobody
    /// is queued ahead; otherwise joins the FIFO queue and completes when enough memory was returned.
    /// </summary>
    /// <param name="size">Bytes needed (at least <c>batch.size</c> for a new batch).</param>
    /// <param name="maxBlockMs">The caller's remaining max.block.ms budget; 0 fails at once if memory is short.</param>
    /// <param name="cancellationToken">Stops waiting; the partial memory taken so far is returned to the pool.</param>
    /// <returns>A buffer of exactly <paramref name="size"/> bytes (a pooled one when size is batch.size).</returns>
    /// <exception cref="RecordTooLargeException">The request exceeds buffer.memory and could never succeed.</exception>
    /// <exception cref="BufferExhaustedException">Not enough memory was returned within <paramref name="maxBlockMs"/>.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled while waiting.</exception>
    public ValueTask<byte[]> AllocateAsync(int size, long maxBlockMs, CancellationToken cancellationToken = default)
    {
        var waiter = Acquire(size, maxBlockMs, materialize: true, cancellationToken, null, out var buffer, out var failure);
        if (waiter is not null)
        {
            return new ValueTask<byte[]>(waiter, waiter.Version);
        }

        return failure switch
        {
            null => new ValueTask<byte[]>(buffer!),
            OperationCanceledException => ValueTask.FromCanceled<byte[]>(cancellationToken),
            _ => ValueTask.FromException<byte[]>(failure),
        };
    }

    /// <summary>
    /// Reserves <paramref name="size"/> bytes of buffer.memory without handing out an array, for batches whose storage
    /// lives elsewhere (a pooled record batch builder). Same FIFO waiting, timeout and cancellation as
    /// <see cref="AllocateAsync"/>; give the bytes back with <see cref="Release"/>. A wait allocates nothing.
    /// <paramref name="observer"/>, if any, learns that the reservation waits before anything can end the wait.
    /// </summary>
    public ValueTask ReserveAsync(int size, long maxBlockMs, CancellationToken cancellationToken = default, IBufferWaitObserver? observer = null)
    {
        var waiter = Acquire(size, maxBlockMs, materialize: false, cancellationToken, observer, out _, out var failure);
        if (waiter is not null)
        {
            return new ValueTask(waiter, waiter.Version);
        }

        return failure switch
        {
            null => ValueTask.CompletedTask,
            OperationCanceledException => ValueTask.FromCanceled(cancellationToken),
            _ => ValueTask.FromException(failure),
        };
    }

    /// <summary>Returns memory taken with <see cref="ReserveAsync"/> and serves the first waiter.</summary>
    public void Release(int size)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        lock (_lock)
        {
            _nonPooledAvailable += size;
            Pump();
        }

        CompleteReady();
    }

    // Returns the waiter to await, or null when done at once: `buffer` on success, `failure` for an exhausted budget or
    // a cancelled token. Arguments that can never succeed throw.
    private Waiter? Acquire(int size, long maxBlockMs, bool materialize, CancellationToken cancellationToken, IBufferWaitObserver? observer, out byte[]? buffer, out Exception? failure)
    {
        if (size > TotalMemory)
        {
            ThrowHelper.ThrowRecordTooLarge(size, "buffer.memory", TotalMemory);
        }

        ArgumentOutOfRangeException.ThrowIfNegative(size);
        buffer = null;
        failure = null;
        if (cancellationToken.IsCancellationRequested)
        {
            failure = new OperationCanceledException(cancellationToken);
            return null;
        }

        Waiter? waiter = null;
        var allocateNew = false;
        lock (_lock)
        {
            ThrowIfClosed();
            if (_waiters.Count == 0)
            {
                if (materialize && size == PoolableSize && _free.TryPop(out var pooled))
                {
                    buffer = pooled;
                    return null;
                }

                if (_nonPooledAvailable + ((long)_free.Count * PoolableSize) >= size)
                {
                    FreeUp(size);
                    _nonPooledAvailable -= size;
                    allocateNew = true;
                }
            }

            if (!allocateNew && maxBlockMs > 0)
            {
                observer?.OnBufferWait();
                waiter = RentWaiter(size, maxBlockMs, materialize);
                _waitCount++;
                _waiters.AddLast(waiter.Node);
                ScheduleDeadline(waiter.Deadline);
                Pump();
            }
        }

        if (allocateNew)
        {
            // Allocated outside the lock: the memory is already accounted.
            buffer = materialize ? NewBuffer(size) : [];
            return null;
        }

        if (waiter is null)
        {
            _metrics?.RecordBufferExhausted();
            Diagnostics.ProducerLog.BufferExhausted(Logger, size, maxBlockMs, TotalMemory);
            failure = ThrowHelper.BufferExhausted(size, maxBlockMs, TotalMemory);
            return null;
        }

        CompleteReady();
        Watch(waiter, cancellationToken);
        WaitStarted?.Invoke();
        return waiter;
    }

    /// <summary>
    /// Returns a buffer when its batch completes (acknowledged, failed or expired). A batch.size buffer goes back to
    /// the pool; anything else returns its size to non-pooled memory. The first waiter is served next.
    /// </summary>
    /// <param name="buffer">The buffer from <see cref="AllocateAsync"/>.</param>
    /// <param name="size">The size that was requested for it.</param>
    public void Deallocate(byte[] buffer, int size)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        lock (_lock)
        {
            if (size == PoolableSize && buffer.Length == PoolableSize)
            {
                _free.Push(buffer);
            }
            else
            {
                _nonPooledAvailable += size;
            }

            Pump();
        }

        CompleteReady();
    }

    /// <summary>Returns a buffer whose requested size was its length.</summary>
    public void Deallocate(byte[] buffer) => Deallocate(buffer, buffer.Length);

    /// <summary>Fails every waiter (the producer is closing) and refuses later allocations.</summary>
    public void Close()
    {
        Waiter? failed = null;
        lock (_lock)
        {
            _closed = true;
            while (_waiters.First is { } node)
            {
                var waiter = node.Value;
                _waiters.RemoveFirst();
                _nonPooledAvailable += waiter.Accumulated;
                waiter.Accumulated = 0;
                waiter.Done = true;
                waiter.NextReady = failed;
                failed = waiter;
            }
        }

        while (failed is not null)
        {
            var next = failed.NextReady;
            failed.NextReady = null;
            failed.Fail(new KafkaException("The producer was closed while waiting for buffer memory."));
            failed = next;
        }

        StopDeadlineTimer();
    }

    private void ThrowIfClosed()
    {
        if (_closed)
        {
            throw new KafkaException("The producer is closed: no buffer memory can be allocated.");
        }
    }

    // Caller holds the lock. Converts free pooled buffers into non-pooled memory until `size` bytes are available.
    private void FreeUp(long size)
    {
        while (_nonPooledAvailable < size && _free.TryPop(out _))
        {
            _nonPooledAvailable += PoolableSize;
        }
    }

    private static byte[] NewBuffer(int size) => size == 0 ? [] : GC.AllocateUninitializedArray<byte>(size);
}
