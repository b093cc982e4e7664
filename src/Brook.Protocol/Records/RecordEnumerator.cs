namespace Brook.Protocol.Records;

/// <summary>
/// Walks the records of one batch without copying; use with <c>foreach</c>. Each step validates the record's framing;
/// at the end the number of records must match the header's count and no bytes may be left over.
/// </summary>
public ref struct RecordEnumerator
{
    private readonly int _count;
    private readonly long _baseOffset;
    private readonly long _baseTimestamp;
    private readonly long _maxTimestamp;
    private readonly int _lastOffsetDelta;
    private readonly bool _logAppendTime;
    private readonly bool _allowOffsetGaps;
    private ReadOnlySpan<byte> _remaining;
    private int _index;
    private int _nextMinDelta;
    private Record _current;

    internal RecordEnumerator(ReadOnlySpan<byte> records, scoped in RecordBatchHeader header, bool allowOffsetGaps)
        : this(
            records,
            header.RecordCount,
            header.BaseOffset,
            header.BaseTimestamp,
            header.MaxTimestamp,
            header.TimestampType == TimestampType.LogAppendTime,
            header.LastOffsetDelta,
            allowOffsetGaps)
    {
    }

    internal RecordEnumerator(
        ReadOnlySpan<byte> records,
        int count,
        long baseOffset,
        long baseTimestamp,
        long maxTimestamp,
        bool logAppendTime,
        int lastOffsetDelta,
        bool allowOffsetGaps)
    {
        _remaining = records;
        _count = count;
        _baseOffset = baseOffset;
        _baseTimestamp = baseTimestamp;
        _maxTimestamp = maxTimestamp;
        _logAppendTime = logAppendTime;
        _lastOffsetDelta = lastOffsetDelta;
        _allowOffsetGaps = allowOffsetGaps;
        _index = 0;
        _nextMinDelta = 0;
        _current = default;
    }

    /// <summary>The current record.</summary>
    public readonly Record Current => _current;

    /// <summary>Records read so far.</summary>
    public readonly int Index => _index;

    /// <summary>Returns this enumerator (for <c>foreach</c>).</summary>
    public readonly RecordEnumerator GetEnumerator() => this;

    /// <summary>Reads the next record.</summary>
    /// <exception cref="ProtocolException">The record is malformed, or the count does not match the header.</exception>
    public bool MoveNext()
    {
        if (_remaining.IsEmpty)
        {
            if (_index != _count)
            {
                throw new ProtocolException($"Record batch declares {_count} records but holds {_index}.");
            }

            return false;
        }

        if (_index >= _count)
        {
            throw new ProtocolException($"Record batch declares {_count} records but {_remaining.Length} bytes follow the last one.");
        }

        var min = _allowOffsetGaps ? _nextMinDelta : _index;
        var max = _allowOffsetGaps ? _lastOffsetDelta : _index;
        _current = RecordParser.Parse(ref _remaining, min, max, _baseOffset, _baseTimestamp, _logAppendTime, _maxTimestamp);
        _nextMinDelta = _current.OffsetDelta + 1;
        _index++;
        return true;
    }
}
