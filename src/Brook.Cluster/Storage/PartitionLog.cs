using System.Buffers;
using Brook.Protocol;
using Brook.Protocol.Records;

namespace Brook.Cluster.Storage;

/// <summary>
/// The log of one partition: record batches stored back to back in pooled chunks, with an index of
/// <see cref="LogBatch"/> entries sorted by offset. Every replica shares it (followers are a prefix of the leader,
/// tracked by their own LEO; see docs/design/cluster.md). Not thread-safe: the owning partition's lock guards it.
/// </summary>
/// <remarks>
/// Appends copy the batch into the tail chunk and rewrite baseOffset and partitionLeaderEpoch, which sit before the
/// CRC range (protocol.md §9). Chunks start small and double up to <see cref="MaxChunkSize"/>; retention drops whole
/// batches from the front and hands chunks back to the pool once no batch uses them, so a long run at a fixed
/// retention.bytes allocates nothing in steady state.
/// </remarks>
internal sealed class PartitionLog : IDisposable
{
    /// <summary>Size of the first chunk of a log.</summary>
    public const int MinChunkSize = 64 * 1024;

    /// <summary>Chunks grow up to this size; a larger batch gets a chunk of its own.</summary>
    public const int MaxChunkSize = 1024 * 1024;

    private readonly ArrayPool<byte> _pool;
    private readonly RingBuffer<LogBatch> _batches = new(64);
    private readonly RingBuffer<byte[]> _chunks = new(8);
    private long _firstChunkSequence;
    private int _tailUsed;
    private int _nextChunkSize = MinChunkSize;

    public PartitionLog(ArrayPool<byte> pool, long startOffset = 0)
    {
        _pool = pool;
        LogStartOffset = startOffset;
        LogEndOffset = startOffset;
    }

    /// <summary>First offset still in the log.</summary>
    public long LogStartOffset { get; private set; }

    /// <summary>Offset the next appended record gets (LEO).</summary>
    public long LogEndOffset { get; private set; }

    /// <summary>Bytes of all stored batches.</summary>
    public long SizeBytes { get; private set; }

    /// <summary>Number of stored batches.</summary>
    public int BatchCount => _batches.Count;

    /// <summary>Index entry of the <paramref name="index"/>th stored batch (0 = oldest).</summary>
    public ref readonly LogBatch BatchAt(int index) => ref _batches[index];

    /// <summary>Bytes of the <paramref name="index"/>th stored batch; valid until the next mutation.</summary>
    public ReadOnlySpan<byte> BatchBytes(int index)
    {
        ref readonly var b = ref _batches[index];
        return ChunkOf(b.ChunkSequence).AsSpan(b.Position, b.Length);
    }

    /// <summary>
    /// Copies <paramref name="batch"/> to the end of the log with baseOffset = LEO and the given leader epoch; with
    /// <paramref name="logAppendTime"/> also sets attribute bit 3 and maxTimestamp to the append time and recomputes
    /// the CRC. Returns the new index entry. The caller validated the batch.
    /// </summary>
    public ref readonly LogBatch Append(ReadOnlySpan<byte> batch, in RecordBatchHeader facts, int leaderEpoch, long appendTimeMs, bool logAppendTime)
    {
        var chunk = ReserveTail(batch.Length);
        var position = _tailUsed;
        var target = chunk.AsSpan(position, batch.Length);
        batch.CopyTo(target);
        var baseOffset = LogEndOffset;
        RecordBatchHeader.SetBaseOffset(target, baseOffset);
        RecordBatchHeader.SetPartitionLeaderEpoch(target, leaderEpoch);
        var maxTimestamp = facts.MaxTimestamp;
        if (logAppendTime)
        {
            RecordBatchHeader.SetLogAppendTime(target, appendTimeMs);
            maxTimestamp = appendTimeMs;
        }

        _tailUsed += batch.Length;
        if (_batches.Count > 0 && _batches.Back.AppendTimeMs > appendTimeMs)
        {
            appendTimeMs = _batches.Back.AppendTimeMs;
        }

        _batches.PushBack(new LogBatch
        {
            BaseOffset = baseOffset,
            LastOffset = baseOffset + facts.LastOffsetDelta,
            ChunkSequence = _firstChunkSequence + _chunks.Count - 1,
            Position = position,
            Length = batch.Length,
            AppendTimeMs = appendTimeMs,
            MaxTimestamp = maxTimestamp,
            LeaderEpoch = leaderEpoch,
            ProducerId = facts.ProducerId,
            ProducerEpoch = facts.ProducerEpoch,
            BaseSequence = facts.BaseSequence,
            IsTransactional = facts.IsTransactional,
            IsControl = facts.IsControl,
            IsLogAppendTime = logAppendTime || facts.TimestampType == TimestampType.LogAppendTime,
        });
        LogEndOffset = baseOffset + facts.LastOffsetDelta + 1;
        SizeBytes += batch.Length;
        return ref _batches.Back;
    }

    /// <summary>
    /// Index of the first batch whose last offset is at or above <paramref name="offset"/>, or <see cref="BatchCount"/>
    /// when none is. Binary search: O(log n).
    /// </summary>
    public int FindBatch(long offset)
    {
        int lo = 0, hi = _batches.Count;
        while (lo < hi)
        {
            var mid = (int)((uint)(lo + hi) >> 1);
            if (_batches[mid].LastOffset < offset)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    /// <summary>
    /// Copies whole batches starting with the one holding <paramref name="fromOffset"/> and ending before
    /// <paramref name="endOffsetExclusive"/> into <paramref name="destination"/>, stopping before a batch that would
    /// pass <paramref name="maxBytes"/> (the first batch is always copied, as Kafka does, so a consumer can progress).
    /// Returns the bytes copied.
    /// </summary>
    public int CopyBatches(long fromOffset, long endOffsetExclusive, int maxBytes, IBufferWriter<byte> destination)
    {
        var written = 0;
        for (var i = FindBatch(fromOffset); i < _batches.Count; i++)
        {
            ref readonly var b = ref _batches[i];
            if (b.LastOffset >= endOffsetExclusive || (written > 0 && written + b.Length > maxBytes))
            {
                break;
            }

            var bytes = ChunkOf(b.ChunkSequence).AsSpan(b.Position, b.Length);
            bytes.CopyTo(destination.GetSpan(b.Length));
            destination.Advance(b.Length);
            written += b.Length;
        }

        return written;
    }

    /// <summary>
    /// The LEO the log had at time <paramref name="timeMs"/>: the end of the last batch appended at or before it
    /// (<see cref="LogStartOffset"/> when none was). A follower lagging by L ms holds <c>EndOffsetAt(now - L)</c>.
    /// </summary>
    public long EndOffsetAt(long timeMs)
    {
        int lo = 0, hi = _batches.Count;
        while (lo < hi)
        {
            var mid = (int)((uint)(lo + hi) >> 1);
            if (_batches[mid].AppendTimeMs <= timeMs)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo == 0 ? LogStartOffset : _batches[lo - 1].LastOffset + 1;
    }

    /// <summary>
    /// Append time of the first batch at or above <paramref name="offset"/>: the moment a replica whose LEO is
    /// <paramref name="offset"/> stopped being caught up. <see cref="long.MaxValue"/> when nothing is above it.
    /// </summary>
    public long AppendTimeAfter(long offset)
    {
        var i = FindBatch(offset);
        return i < _batches.Count ? _batches[i].AppendTimeMs : long.MaxValue;
    }

    /// <summary>
    /// Drops every batch at or above <paramref name="offset"/>, which must be a batch boundary (a replica's LEO).
    /// </summary>
    /// <exception cref="InvalidOperationException">The offset falls inside a batch.</exception>
    public void TruncateTo(long offset)
    {
        if (offset >= LogEndOffset)
        {
            return;
        }

        while (_batches.Count > 0 && _batches.Back.BaseOffset >= offset)
        {
            var dropped = _batches.PopBack();
            SizeBytes -= dropped.Length;
        }

        if (_batches.Count > 0 && _batches.Back.LastOffset >= offset)
        {
            throw new InvalidOperationException($"Cannot truncate at offset {offset}: it falls inside the batch {_batches.Back.BaseOffset}..{_batches.Back.LastOffset}.");
        }

        LogEndOffset = Math.Max(offset, LogStartOffset);
        if (_batches.Count == 0)
        {
            while (_chunks.Count > 0)
            {
                _pool.Return(_chunks.PopBack());
            }

            _firstChunkSequence = 0;
            _tailUsed = 0;
            return;
        }

        ref readonly var last = ref _batches.Back;
        while (_firstChunkSequence + _chunks.Count - 1 > last.ChunkSequence)
        {
            _pool.Return(_chunks.PopBack());
        }

        _tailUsed = last.Position + last.Length;
    }

    /// <summary>
    /// Applies <c>retention.bytes</c>: while the log would still hold at least <paramref name="retentionBytes"/>
    /// without its oldest batch, drops that batch, but only batches wholly below
    /// <paramref name="deletableBelowOffset"/> (the high watermark). Frees unused chunks and advances the log start
    /// offset. Returns true when anything was dropped.
    /// </summary>
    public bool ApplyRetention(long retentionBytes, long deletableBelowOffset)
    {
        if (retentionBytes < 0 || SizeBytes <= retentionBytes)
        {
            return false;
        }

        var dropped = false;
        while (_batches.Count > 1
            && SizeBytes - _batches.Front.Length >= retentionBytes
            && _batches.Front.LastOffset < deletableBelowOffset)
        {
            var batch = _batches.PopFront();
            SizeBytes -= batch.Length;
            LogStartOffset = batch.LastOffset + 1;
            dropped = true;
        }

        if (dropped)
        {
            var firstUsed = _batches.Front.ChunkSequence;
            while (_firstChunkSequence < firstUsed)
            {
                _pool.Return(_chunks.PopFront());
                _firstChunkSequence++;
            }
        }

        return dropped;
    }

    /// <summary>Returns every chunk to the pool; the log is empty afterwards.</summary>
    public void Dispose()
    {
        _batches.Clear();
        while (_chunks.Count > 0)
        {
            _pool.Return(_chunks.PopBack());
        }

        SizeBytes = 0;
        LogStartOffset = LogEndOffset;
    }

    private byte[] ChunkOf(long sequence) => _chunks[(int)(sequence - _firstChunkSequence)];

    private byte[] ReserveTail(int length)
    {
        if (_chunks.Count > 0 && _chunks.Back.Length - _tailUsed >= length)
        {
            return _chunks.Back;
        }

        var size = Math.Max(_nextChunkSize, length);
        var chunk = _pool.Rent(size);
        if (_chunks.Count == 0 && _batches.Count == 0)
        {
            _firstChunkSequence = 0;
        }

        _chunks.PushBack(chunk);
        _tailUsed = 0;
        _nextChunkSize = Math.Min(_nextChunkSize * 2, MaxChunkSize);
        return chunk;
    }
}
