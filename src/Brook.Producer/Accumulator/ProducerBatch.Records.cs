namespace Brook.Producer.Accumulator;

internal sealed partial class ProducerBatch
{
    private readonly Lock _recordsLock = new();
    private IRecordCompletion? _firstRecord;
    private IRecordCompletion? _lastRecord;
    private bool _dispatched;

    /// <summary>Receives the batch when it completes; null dispatches inline on the completing thread.</summary>
    public IBatchCompletionSink? Sink { get; set; }

    /// <summary>
    /// Registers a record's completion (in append order) in an intrusive list, so registering allocates nothing.
    /// False when the batch was already dispatched: the caller completes the record itself.
    /// </summary>
    public bool TryAddRecordCompletion(IRecordCompletion completion)
    {
        completion.NextInBatch = null;
        lock (_recordsLock)
        {
            if (_dispatched)
            {
                return false;
            }

            if (_lastRecord is null)
            {
                _firstRecord = completion;
            }
            else
            {
                _lastRecord.NextInBatch = completion;
            }

            _lastRecord = completion;
            return true;
        }
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

        _completion.TrySetResult();
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
