using Brook.Cluster.Producers;
using Brook.Cluster.Transactions;
using Brook.Protocol.Errors;
using Brook.Protocol.Records;

namespace Brook.Cluster.Model;

internal sealed partial class PartitionState
{
    // Open transactions: producer id -> offset of its first transactional batch here (pins the LSO, §3, §5).
    private readonly Dictionary<long, long> _openTransactions = [];

    // Closed transactions whose marker is not below the HW yet: they still pin the LSO (Kafka's unstable offsets).
    private readonly List<(long FirstOffset, long MarkerOffset)> _completing = [];

    private readonly List<AbortedTransaction> _abortedTransactions = [];

    /// <summary>Number of transactions open on this partition (caller holds the lock).</summary>
    public int OpenTransactionCount => _openTransactions.Count;

    /// <summary>
    /// Last stable offset (caller holds the lock): the first offset of the earliest transaction that is open or whose
    /// marker is not yet below the HW, capped by the HW; the HW when there is none (broker-semantics.md §5).
    /// </summary>
    public long LastStableOffset
    {
        get
        {
            var lso = HighWatermark;
            foreach (var first in _openTransactions.Values)
            {
                lso = Math.Min(lso, first);
            }

            foreach (var (first, marker) in _completing)
            {
                if (marker >= HighWatermark)
                {
                    lso = Math.Min(lso, first);
                }
            }

            return lso;
        }
    }

    /// <summary>
    /// Appends a COMMIT or ABORT control batch for <paramref name="producerId"/> (valid CRC-32C, one offset) through the
    /// normal append path: offset and leader epoch stamped, replication step run. Closes the producer's open
    /// transaction (an abort enters the aborted-transaction index) and raises its epoch here, which fences older
    /// epochs on this partition (§3). Returns the marker's offset. Called by the transaction coordinator.
    /// </summary>
    public long WriteMarker(long producerId, short producerEpoch, bool commit, int coordinatorEpoch)
    {
        Span<byte> marker = stackalloc byte[EndTransactionMarker.BatchSize];
        lock (_lock)
        {
            var now = _cluster.NowMs;
            new EndTransactionMarker(commit ? ControlRecordType.Commit : ControlRecordType.Abort, coordinatorEpoch)
                .WriteBatch(marker, producerId, producerEpoch, now);
            var facts = RecordBatchHeader.Read(marker);
            var logAppendTime = Topic.Config.TimestampType == MessageTimestampType.LogAppendTime;
            ref readonly var stored = ref Log.Append(marker, facts, LeaderEpoch, now, logAppendTime);
            var offset = stored.BaseOffset;
            CloseTransaction(producerId, commit, offset);
            Producers.Fence(producerId, producerEpoch, now);
            if (LeaderReplica is { } leader)
            {
                leader.LogEndOffset = Log.LogEndOffset;
            }

            Advance(now, fullTick: false);
            return offset;
        }
    }

    /// <summary>
    /// Aborted transactions (caller holds the lock) overlapping [<paramref name="fromOffset"/>,
    /// <paramref name="endOffset"/>): marker at or after the fetch offset, first offset before the end.
    /// </summary>
    public void CollectAbortedTransactions(long fromOffset, long endOffset, List<AbortedTransaction> into)
    {
        foreach (var aborted in _abortedTransactions)
        {
            if (aborted.LastOffset >= fromOffset && aborted.FirstOffset < endOffset)
            {
                into.Add(aborted);
            }
        }
    }

    /// <summary>Aborted-transaction index entries (caller holds the lock).</summary>
    public IReadOnlyList<AbortedTransaction> AbortedTransactions => _abortedTransactions;

    /// <summary>
    /// §3 rule 1 (caller holds the lock): a non-transactional batch from a producer with an open transaction here is
    /// INVALID_TXN_STATE. Cheap when no transaction is open.
    /// </summary>
    private ErrorCode CheckTransactionalAppend(in RecordBatchHeader facts) =>
        _openTransactions.Count > 0 && !facts.IsTransactional && _openTransactions.ContainsKey(facts.ProducerId)
            ? ErrorCode.InvalidTxnState
            : ErrorCode.None;

    /// <summary>The first transactional append of a producer opens its transaction here and pins the LSO.</summary>
    private void OnTransactionalAppend(long producerId, long baseOffset) => _openTransactions.TryAdd(producerId, baseOffset);

    private void CloseTransaction(long producerId, bool commit, long markerOffset)
    {
        if (_openTransactions.Remove(producerId, out var first))
        {
            if (!commit)
            {
                _abortedTransactions.Add(new AbortedTransaction(producerId, first, markerOffset));
            }

            _completing.Add((first, markerOffset));
        }
    }

    /// <summary>Drops completing transactions whose marker is below the HW (they no longer hold the LSO back).</summary>
    private void PruneCompleting()
    {
        for (var i = _completing.Count - 1; i >= 0; i--)
        {
            if (_completing[i].MarkerOffset < HighWatermark)
            {
                _completing.RemoveAt(i);
            }
        }
    }

    /// <summary>Rebuilds open transactions and the aborted index from the log (after truncation), as Kafka replays it.</summary>
    private void RebuildTransactionState()
    {
        _openTransactions.Clear();
        _completing.Clear();
        _abortedTransactions.Clear();
        for (var i = 0; i < Log.BatchCount; i++)
        {
            ref readonly var b = ref Log.BatchAt(i);
            if (!b.IsTransactional)
            {
                continue;
            }

            if (!b.IsControl)
            {
                _openTransactions.TryAdd(b.ProducerId, b.BaseOffset);
                continue;
            }

            using var reader = RecordBatchReader.Open(Log.BatchBytes(i), RecordBatchReader.DefaultMaxUncompressedSize, RecordBatchReadOptions.SkipCrc);
            foreach (var record in reader)
            {
                var commit = EndTransactionMarker.ReadControlType(record) == (short)ControlRecordType.Commit;
                CloseTransaction(b.ProducerId, commit, b.BaseOffset);
                Producers.Fence(b.ProducerId, b.ProducerEpoch, b.AppendTimeMs);
                break;
            }
        }

        PruneCompleting();
    }
}
