using System.Buffers;

namespace Brook.Producer.Accumulator;

internal sealed partial class ProducerBatch
{
    private readonly Lock _recordsLock = new();
    private IRecordCompletion?[]? _records;
    private int _recordCount;
    private bool _dispatched;

    /// <summary>Receives the batch when it completes; null dispatches inline on the completing thread.</summary>
    public IBatchCompletionSink? Sink { get; set; }

    /// <summary>
    /// Registers a record's completion (in append order). False when the batch was already dispatched: the caller
    /// completes the record itself. The array comes from the shared pool, so steady state allocates nothing.
    /// </summary>
    public bool TryAddRecordCompletion(IRecordCompletion completion)
    {
        lock (_recordsLock)
        {
            if (_dispatched)
            {
                return false;
            }

            if (_records is null || _recordCount == _records.Length)
            {
                var grown = ArrayPool<IRecordCompletion?>.Shared.Rent(Math.Max(16, _recordCount * 2));
                if (_records is not null)
                {
                    Array.Copy(_records, grown, _recordCount);
                    Array.Clear(_records, 0, _recordCount);
                    ArrayPool<IRecordCompletion?>.Shared.Return(_records);
                }

                _records = grown;
            }

            _records[_recordCount++] = completion;
            return true;
        }
    }

    /// <summary>Completes every registered record, then the batch's <see cref="Completion"/> (so a flush sees callbacks done).</summary>
    public void DispatchRecords()
    {
        IRecordCompletion?[]? records;
        int count;
        lock (_recordsLock)
        {
            if (_dispatched)
            {
                return;
            }

            _dispatched = true;
            records = _records;
            count = _recordCount;
            _records = null;
            _recordCount = 0;
        }

        if (records is not null)
        {
            for (var i = 0; i < count; i++)
            {
                var record = records[i]!;
                records[i] = null;
                record.Complete(this);
            }

            ArrayPool<IRecordCompletion?>.Shared.Return(records);
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
