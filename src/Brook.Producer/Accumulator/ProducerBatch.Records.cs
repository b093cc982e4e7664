namespace Brook.Producer.Accumulator;

internal sealed partial class ProducerBatch
{
    // How far ahead of the record it completes the dispatch touches the next records' handles.
    private const int TouchAhead = 4;

    private CompletionChunk? _firstChunk;
    private CompletionChunk? _lastChunk;
    private int _lastChunkCount;
    private int _touched;
    private bool _dispatched;

    // The records' hand-off (dispatch, deferred deallocation, the flush task) locks the batch itself: it is internal and
    // nothing else locks it, and a monitor on an object header costs no allocation per batch (a Lock field was one
    // object per batch). Per batch only what is needed: the completion task exists only if a flush asked for it, and a deallocation that
    // must wait for the callbacks is a reference to the accumulator, not a continuation.
    private bool _recordsCompleted;
    private TaskCompletionSource? _completionSource;
    private RecordAccumulator? _deferredDeallocation;

    /// <summary>
    /// Completes (never faults) when the batch is done and its records' callbacks ran; read the outcome from the
    /// properties. Created on first use (flush), so batches nobody waits for allocate no task.
    /// </summary>
    public Task Completion
    {
        get
        {
            lock (this)
            {
                return _recordsCompleted
                    ? Task.CompletedTask
                    : (_completionSource ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
            }
        }
    }

    /// <summary>True once every registered record was completed (callbacks ran).</summary>
    public bool RecordsCompleted
    {
        get
        {
            lock (this)
            {
                return _recordsCompleted;
            }
        }
    }

    /// <summary>Receives the batch when it completes; null dispatches inline on the completing thread.</summary>
    public IBatchCompletionSink? Sink { get; set; }

    /// <summary>What the last dispatch's look-ahead reads returned (kept so they are not optimized away).</summary>
    internal int TouchChecksum => _touched;

    /// <summary>Where the batch rents and returns its completion chunks (the accumulator's; a shared one by default).</summary>
    public CompletionChunkPool CompletionPool { get; set; } = CompletionChunkPool.Shared;

    /// <summary>
    /// Registers a record's completion (in append order) in pooled fixed-size chunks, so registering allocates nothing
    /// once warm. Call under the partition lock while the batch is open for appends: every path that completes a batch
    /// first closes it (drain, expiry, abort) under that lock, so no registration can race the dispatch and none needs
    /// a lock of its own; the dispatch sees the chunks through the partition lock and the completion queue.
    /// </summary>
    public void AddRecordCompletion(IRecordCompletion completion)
    {
        var chunk = _lastChunk;
        if (chunk is null || _lastChunkCount == CompletionChunk.Capacity)
        {
            chunk = AddChunk();
        }

        chunk.Slots[_lastChunkCount++].Completion = completion;
    }

    /// <summary>Completes every registered record, then the batch's <see cref="Completion"/> (so a flush sees callbacks done).</summary>
    public void DispatchRecords()
    {
        CompletionChunk? chunk;
        int lastCount;
        lock (this)
        {
            if (_dispatched)
            {
                return;
            }

            _dispatched = true;
            chunk = _firstChunk;
            lastCount = _lastChunkCount;
            _firstChunk = null;
            _lastChunk = null;
            _lastChunkCount = 0;
        }

        // Arrays, not a linked list of handles: the next records' handles are known before this one completes, so
        // their memory is read a few records ahead (the handles were last written on another core, or long ago).
        var touched = 0;
        if (chunk is not null)
        {
            touched ^= TouchRange(chunk, chunk.Next is null ? lastCount : CompletionChunk.Capacity, 0, TouchAhead);
        }

        while (chunk is not null)
        {
            var next = chunk.Next;
            var count = next is null ? lastCount : CompletionChunk.Capacity;
            var slots = chunk.Slots;
            for (var i = 0; i < count; i++)
            {
                if (i + TouchAhead < count)
                {
                    touched ^= slots[i + TouchAhead].Completion!.Touch();
                }
                else if (next is not null)
                {
                    touched ^= TouchRange(next, next.Next is null ? lastCount : CompletionChunk.Capacity, i + TouchAhead - count, 1);
                }

                var record = slots[i].Completion!;
                slots[i].Completion = null;
                record.Complete(this); // may recycle the record
            }

            CompletionPool.Return(chunk);
            chunk = next;
        }

        _touched = touched;

        TaskCompletionSource? completion;
        RecordAccumulator? deferred;
        lock (this)
        {
            _recordsCompleted = true;
            completion = _completionSource;
            deferred = _deferredDeallocation;
            _deferredDeallocation = null;
        }

        completion?.TrySetResult();
        deferred?.Deallocate(this);
    }

    /// <summary>
    /// Holds the batch's deallocation until its records' callbacks ran (Java runs callbacks before deallocating): true
    /// when deferred (<paramref name="accumulator"/> deallocates it after dispatch), false when they already ran.
    /// </summary>
    public bool TryDeferDeallocation(RecordAccumulator accumulator)
    {
        lock (this)
        {
            if (_recordsCompleted)
            {
                return false;
            }

            _deferredDeallocation = accumulator;
            return true;
        }
    }

    private static int TouchRange(CompletionChunk chunk, int count, int from, int length)
    {
        var touched = 0;
        for (var i = from; i < count && i < from + length; i++)
        {
            touched ^= chunk.Slots[i].Completion!.Touch();
        }

        return touched;
    }

    private CompletionChunk AddChunk()
    {
        var chunk = CompletionPool.Rent();
        if (_lastChunk is null)
        {
            _firstChunk = chunk;
        }
        else
        {
            _lastChunk.Next = chunk;
        }

        _lastChunk = chunk;
        _lastChunkCount = 0;
        return chunk;
    }

    private void OnCompleted()
    {
        if (Sink is { } sink)
        {
            sink.Enqueue(this);
        }
        else
        {
            DispatchRecords();
        }
    }
}
