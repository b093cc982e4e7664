using System.Collections.Concurrent;

namespace Brook.Producer;

public sealed partial class KafkaProducer<TKey, TValue>
{
    // Sends that could not be buffered at once, or arrived while one was waiting, keep call order: one FIFO of pooled
    // entries, started one after the other as the previous append completes (no chained tasks, no per-send timer or
    // continuation object). The fast path reads one volatile counter and takes no lock.
    private readonly Lock _pendingLock = new();
    private readonly Stack<PendingSend<TKey, TValue>> _sparePending = new();
    private readonly ConcurrentQueue<SendSignal> _signals = new();
    private PendingSend<TKey, TValue>? _queueHead;
    private PendingSend<TKey, TValue>? _queueTail;
    private PendingSend<TKey, TValue>? _running;
    private int _pendingTotal;
    private long _pendingSequence;
    private List<(long Target, TaskCompletionSource Done)>? _pendingCheckpoints;

    /// <summary>Sends that took the pending path so far (waited, or queued behind one that did); for tests.</summary>
    internal long PendingSendsTotal
    {
        get
        {
            lock (_pendingLock)
            {
                return _pendingSequence;
            }
        }
    }

    /// <summary>Sends still waiting (metadata, memory, async serializer) or queued behind one; for tests.</summary>
    internal int PendingSendsInProgress => Volatile.Read(ref _pendingTotal);

    /// <summary>Sends that waited for buffer.memory so far; for tests.</summary>
    internal long BufferPoolWaits => _pool.WaitCount;

    /// <summary>Called whenever a send starts waiting for buffer.memory; for tests that play a slow broker.</summary>
    internal Action? BufferWaitStarted
    {
        get => _pool.WaitStarted;
        set => _pool.WaitStarted = value;
    }

    /// <summary>
    /// Starts the send now when nothing waits ahead of it, otherwise queues it behind. Returns true with
    /// <paramref name="completed"/> when the append finished synchronously (buffered, or failed without taking a
    /// waiting path: GetResult rethrows).
    /// Returns false when the send continues in the background; <paramref name="signal"/> (rented only when
    /// <paramref name="withSignal"/>) then completes once it is buffered, any other outcome goes to the handle.
    /// </summary>
    private bool TryBufferNow(
        TopicPartition topicPartition,
        Message<TKey, TValue> message,
        DeliveryHandle<TKey, TValue> handle,
        CancellationToken cancellationToken,
        bool withSignal,
        out ValueTask completed,
        out SendSignal? signal)
    {
        while (true)
        {
            if (Volatile.Read(ref _pendingTotal) == 0)
            {
                var enqueue = Enqueue(topicPartition, message, handle, cancellationToken);

                // Synchronous only if it took no waiting path (DeliveryHandle.Waited): a send that waited and failed on
                // another thread before this check is reported as one still running would be, whatever the timing.
                if (enqueue.IsCompleted && (enqueue.IsCompletedSuccessfully || !handle.Waited))
                {
                    completed = enqueue;
                    signal = null;
                    return true;
                }

                var started = RentPending(topicPartition, message, handle, cancellationToken, withSignal);
                signal = started.Signal;
                lock (_pendingLock)
                {
                    started.Sequence = ++_pendingSequence;
                    started.Next = _running;
                    _running = started;
                    _pendingTotal++;
                }

                Watch(started, enqueue);
                completed = default;
                return false;
            }

            var queued = RentPending(topicPartition, message, handle, cancellationToken, withSignal);
            lock (_pendingLock)
            {
                if (_pendingTotal > 0)
                {
                    queued.Sequence = ++_pendingSequence;
                    if (_queueTail is null)
                    {
                        _queueHead = queued;
                    }
                    else
                    {
                        _queueTail.Next = queued;
                    }

                    _queueTail = queued;
                    _pendingTotal++;
                    signal = queued.Signal;
                    completed = default;
                    return false;
                }
            }

            // Everything ahead finished meanwhile: start this one now.
            if (queued.Signal is { } unused)
            {
                _signals.Enqueue(unused);
            }

            ReturnPending(queued);
        }
    }

    private static void Watch(PendingSend<TKey, TValue> pending, ValueTask enqueue)
    {
        pending.Running = enqueue;
        enqueue.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(pending.OnRunningCompleted);
    }

    /// <summary>An append of a pending send completed: report it, then start the queued sends in order.</summary>
    internal void OnPendingCompleted(PendingSend<TKey, TValue> pending)
    {
        var current = pending;
        while (true)
        {
            Exception? error = null;
            try
            {
                current.Running.GetAwaiter().GetResult();
            }
#pragma warning disable CA1031 // Every failure before buffering is the record's outcome: handed to its handle or signal.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                error = ex;
            }

            current.Running = default;
            Report(current, error);
            PendingSend<TKey, TValue>? next = null;
            lock (_pendingLock)
            {
                Unlink(current);
                _pendingTotal--;
                if (_running is null && _queueHead is { } head)
                {
                    _queueHead = head.Next;
                    if (_queueHead is null)
                    {
                        _queueTail = null;
                    }

                    head.Next = null;
                    _running = head;
                    next = head;
                }

                if (_pendingCheckpoints is not null)
                {
                    ReleaseCheckpoints();
                }
            }

            ReturnPending(current);
            if (next is null)
            {
                return;
            }

            var enqueue = Enqueue(next.Target, next.Message!, next.Handle!, next.Token);
            if (!enqueue.IsCompleted)
            {
                Watch(next, enqueue);
                return;
            }

            next.Running = enqueue;
            current = next;
        }
    }

    private static void Report(PendingSend<TKey, TValue> pending, Exception? error)
    {
        if (pending.Signal is { } signal)
        {
            if (error is null)
            {
                signal.SetResult();
            }
            else
            {
                // Not buffered: the handler is never called and the handle goes back unused.
                pending.Handle!.Abandon();
                signal.SetException(error);
            }
        }
        else if (error is not null)
        {
            pending.Handle!.FailBeforeBuffering(error);
        }
    }

    // Caller holds the pending lock.
    private void Unlink(PendingSend<TKey, TValue> pending)
    {
        if (ReferenceEquals(_running, pending))
        {
            _running = pending.Next;
        }
        else
        {
            var previous = _running;
            while (previous is not null && !ReferenceEquals(previous.Next, pending))
            {
                previous = previous.Next;
            }

            if (previous is not null)
            {
                previous.Next = pending.Next;
            }
        }

        pending.Next = null;
    }

    private PendingSend<TKey, TValue> RentPending(TopicPartition topicPartition, Message<TKey, TValue> message, DeliveryHandle<TKey, TValue> handle, CancellationToken cancellationToken, bool withSignal)
    {
        PendingSend<TKey, TValue>? pending;
        lock (_pendingLock)
        {
            _sparePending.TryPop(out pending);
        }

        pending ??= new PendingSend<TKey, TValue>(this);
        pending.Target = topicPartition;
        pending.Message = message;
        pending.Handle = handle;
        pending.Token = cancellationToken;
        if (withSignal)
        {
            if (!_signals.TryDequeue(out var signal))
            {
                signal = new SendSignal(_signals);
            }

            pending.Signal = signal;
        }

        return pending;
    }

    private void ReturnPending(PendingSend<TKey, TValue> pending)
    {
        pending.Clear();
        lock (_pendingLock)
        {
            _sparePending.Push(pending);
        }
    }

    /// <summary>Waits until the sends made before this call that were still waiting for metadata or memory are in a batch (or failed).</summary>
    internal async ValueTask WaitForPendingSendsAsync(CancellationToken cancellationToken)
    {
        TaskCompletionSource checkpoint;
        lock (_pendingLock)
        {
            if (_pendingTotal == 0)
            {
                return;
            }

            checkpoint = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            (_pendingCheckpoints ??= []).Add((_pendingSequence, checkpoint));
        }

        // Records sent before this call but still waiting for metadata or buffer memory belong to the checkpoint.
        _sender.Wakeup();
        await checkpoint.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    // Caller holds the pending lock. A checkpoint is reached once no pending send at or before it remains.
    private void ReleaseCheckpoints()
    {
        var oldest = _queueHead?.Sequence ?? long.MaxValue;
        for (var running = _running; running is not null; running = running.Next)
        {
            oldest = Math.Min(oldest, running.Sequence);
        }

        var checkpoints = _pendingCheckpoints!;
        for (var i = checkpoints.Count - 1; i >= 0; i--)
        {
            if (checkpoints[i].Target < oldest)
            {
                checkpoints[i].Done.TrySetResult();
                checkpoints.RemoveAt(i);
            }
        }
    }
}
