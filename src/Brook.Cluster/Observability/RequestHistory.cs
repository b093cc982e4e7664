namespace Brook.Cluster.Observability;

/// <summary>A bounded, thread-safe ring of the most recent <see cref="RequestRecord"/>s; oldest entries drop first.</summary>
internal sealed class RequestHistory
{
    private readonly Lock _lock = new();
    private readonly RequestRecord?[] _ring;
    private long _written;

    public RequestHistory(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        _ring = new RequestRecord?[capacity];
    }

    /// <summary>Maximum entries kept; 0 = recording off.</summary>
    public int Capacity => _ring.Length;

    /// <summary>Entries recorded since start, including dropped ones.</summary>
    public long TotalRecorded => Interlocked.Read(ref _written);

    /// <summary>Records an entry, dropping the oldest when full.</summary>
    public void Add(RequestRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (_ring.Length == 0)
        {
            return;
        }

        lock (_lock)
        {
            _ring[_written % _ring.Length] = record;
            _written++;
        }
    }

    /// <summary>The kept entries, oldest first.</summary>
    public IReadOnlyList<RequestRecord> Snapshot()
    {
        lock (_lock)
        {
            var count = (int)Math.Min(_written, _ring.Length);
            var result = new RequestRecord[count];
            for (var i = 0; i < count; i++)
            {
                result[i] = _ring[(_written - count + i) % _ring.Length]!;
            }

            return result;
        }
    }
}
