namespace Brook.Cluster.Model;

/// <summary>
/// A partition's leader-epoch cache (Kafka's leader-epoch-checkpoint, KIP-101/KIP-279): for every leader epoch that
/// still has a place in the log, the offset at which it started. The end offset of an epoch is the start offset of the
/// next higher epoch, or the log end offset for the latest one. Entries are strictly increasing in epoch and in start
/// offset; an epoch that never appended anything is replaced by the next one starting at the same offset. Not
/// thread-safe: the owning partition's lock guards it.
/// </summary>
internal sealed class LeaderEpochCache
{
    /// <summary>"No epoch" in requests and answers (Kafka's UNDEFINED_EPOCH).</summary>
    public const int UndefinedEpoch = -1;

    /// <summary>"No offset" in answers (Kafka's UNDEFINED_EPOCH_OFFSET).</summary>
    public const long UndefinedOffset = -1;

    private readonly List<(int Epoch, long StartOffset)> _entries = [];

    /// <summary>Number of entries.</summary>
    public int Count => _entries.Count;

    /// <summary>The latest epoch, or <see cref="UndefinedEpoch"/> when empty.</summary>
    public int LatestEpoch => _entries.Count == 0 ? UndefinedEpoch : _entries[^1].Epoch;

    /// <summary>Entry <paramref name="index"/> in ascending order.</summary>
    public (int Epoch, long StartOffset) this[int index] => _entries[index];

    /// <summary>
    /// Records that <paramref name="epoch"/> starts at <paramref name="startOffset"/> (a new leader assigns its epoch
    /// at its log end offset). Entries that are not lower in both epoch and start offset are dropped first, as Kafka
    /// does; an epoch not above the latest is ignored.
    /// </summary>
    public void Assign(int epoch, long startOffset)
    {
        if (epoch < 0 || startOffset < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(epoch), $"Epoch {epoch} and start offset {startOffset} must both be >= 0.");
        }

        if (_entries.Count > 0 && epoch <= LatestEpoch)
        {
            return;
        }

        while (_entries.Count > 0 && _entries[^1].StartOffset >= startOffset)
        {
            _entries.RemoveAt(_entries.Count - 1);
        }

        _entries.Add((epoch, startOffset));
    }

    /// <summary>The log was truncated to <paramref name="endOffset"/>: epochs starting at or above it are gone.</summary>
    public void TruncateFromEnd(long endOffset)
    {
        while (_entries.Count > 0 && _entries[^1].StartOffset >= endOffset)
        {
            _entries.RemoveAt(_entries.Count - 1);
        }
    }

    /// <summary>
    /// The log start offset rose to <paramref name="startOffset"/> (retention): epochs that ended before it are gone
    /// and the epoch holding it now starts there.
    /// </summary>
    public void TruncateFromStart(long startOffset)
    {
        var covered = 0;
        while (covered < _entries.Count && _entries[covered].StartOffset <= startOffset)
        {
            covered++;
        }

        if (covered == 0)
        {
            return;
        }

        var epoch = _entries[covered - 1].Epoch;
        _entries.RemoveRange(0, covered);
        _entries.Insert(0, (epoch, startOffset));
    }

    /// <summary>
    /// Kafka's <c>endOffsetFor</c>: the largest epoch not above <paramref name="requestedEpoch"/> and its end offset.
    /// Undefined request or an epoch above every known one: (-1, -1). The latest epoch: (epoch, log end offset). An
    /// epoch below every known one: (requested, start offset of the first known epoch), since its data is gone.
    /// </summary>
    public (int Epoch, long EndOffset) EndOffsetFor(int requestedEpoch, long logEndOffset)
    {
        if (requestedEpoch == UndefinedEpoch || _entries.Count == 0)
        {
            return (UndefinedEpoch, UndefinedOffset);
        }

        if (requestedEpoch == LatestEpoch)
        {
            return (requestedEpoch, logEndOffset);
        }

        var higher = 0;
        while (higher < _entries.Count && _entries[higher].Epoch <= requestedEpoch)
        {
            higher++;
        }

        if (higher == _entries.Count)
        {
            return (UndefinedEpoch, UndefinedOffset);
        }

        return higher == 0
            ? (requestedEpoch, _entries[0].StartOffset)
            : (_entries[higher - 1].Epoch, _entries[higher].StartOffset);
    }
}
