namespace Brook.Producer.Accumulator;

internal sealed partial class ProducerBatch
{
    private ProducerBatch[]? _children;
    private int _pendingChildren;

    /// <summary>The batch this one was split from after MESSAGE_TOO_LARGE, or null.</summary>
    public ProducerBatch? Parent { get; private set; }

    /// <summary>The pieces this batch was split into (empty unless <see cref="IsSplit"/>).</summary>
    public IReadOnlyList<ProducerBatch> Children => _children ?? [];

    /// <summary>True when this batch was split; its records live on in <see cref="Parent"/>'s children.</summary>
    public bool IsSplit => _children is not null;

    /// <summary>
    /// The outcome of the record at <paramref name="recordIndex"/> (as returned by the append). Follows splits into
    /// the child batch that now holds the record. Valid once <see cref="Completion"/> completed.
    /// </summary>
    public RecordOutcome GetRecordOutcome(int recordIndex)
    {
        if (_children is { } children)
        {
            foreach (var child in children)
            {
                if (recordIndex < child.RecordCount)
                {
                    return child.GetRecordOutcome(recordIndex);
                }

                recordIndex -= child.RecordCount;
            }

            throw new ArgumentOutOfRangeException(nameof(recordIndex), "The record index is beyond the split batch's records.");
        }

        var offset = BaseOffset >= 0 ? BaseOffset + recordIndex : -1;
        return new RecordOutcome(offset, LogAppendTimeMs, Error, Status);
    }

    /// <summary>Hands this batch's records to <paramref name="children"/>; it completes when they all have.</summary>
    public void SplitInto(ProducerBatch[] children)
    {
        _pendingChildren = children.Length;
        _children = children;
        foreach (var child in children)
        {
            child.Parent = this;
        }
    }

    private void OnChildCompleted(ProducerBatch child)
    {
        if (child.Error is not null && Error is null)
        {
            Error = child.Error;
        }

        if (Interlocked.Decrement(ref _pendingChildren) == 0 && Interlocked.Exchange(ref _done, 1) == 0)
        {
            Status = PersistenceStatus.Persisted;
            foreach (var c in _children!)
            {
                Status = c.Status < Status ? c.Status : Status;
            }

            OnCompleted(); // the parent's records (registered on it) complete through their split children's outcomes
        }
    }
}
