namespace Brook.Producer.Accumulator;

internal sealed partial class ProducerBatch
{
    private readonly Lock _recordsLock = new();
    private IRecordCompletion? _firstRecord;
    private IRecordCompletion? _lastRecord;
    private bool _dispatched;

    // Per batch only what is needed: the completion task exists only if a flush asked for it, and a deallocation that
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
            lock (_recordsLock)
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
            lock (_recordsLock)
            {
                return _recordsCompleted;
            }
        }
    }

    /// <summary>Receives the batch when it completes; null dispatches inline on the completing thread.</summary>
    public IBatchCompletionSink? Sink { get; set; }

    /// <summary>
    /// Registers a record's completion (in append order) in an intrusive list, so registering allocates nothing.
    /// Call under the partition lock while the batch is open for appends: every path that completes a batch first
    /// closes it (drain, expiry, abort) under that lock, so no registration can race the dispatch and none needs a lock
    /// of its own; the dispatch sees the list through the partition lock and the completion queue.
    /// </summary>
    public void AddRecordCompletion(IRecordCompletion completion)
    {
        completion.NextInBatch = null;
        if (_lastRecord is null)
        {
            _firstRecord = completion;
        }
        else
        {
            _lastRecord.NextInBatch = completion;
        }

        _lastRecord = completion;
    }

    /// <summary>Completes every registered record, then the batch's <see cref="Completion"/> (so a flush sees callbacks done).</summary>
    public void DispatchRecords()
    {
        IRecordCompletion? record;
        lock (_recordsLock)
        {
            if (_dispatched)
            {
                return;
            }

            _dispatched = true;
            record = _firstRecord;
            _firstRecord = null;
            _lastRecord = null;
        }

        while (record is not null)
        {
            var next = record.NextInBatch;
            record.NextInBatch = null;
            record.Complete(this); // may recycle the record: read the link first
            record = next;
        }

        TaskCompletionSource? completion;
        RecordAccumulator? deferred;
        lock (_recordsLock)
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
        lock (_recordsLock)
        {
            if (_recordsCompleted)
            {
                return false;
            }

            _deferredDeallocation = accumulator;
            return true;
        }
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
