using System.Buffers;
using Brook.Cluster.Transactions;
using Brook.Protocol.Errors;

namespace Brook.Cluster.Model;

internal sealed partial class PartitionState
{
    private TaskCompletionSource? _highWatermarkChanged;

    /// <summary>
    /// Completes the next time the HW advances or leadership moves (Fetch long polling). Allocates only while someone
    /// waits; the append path just checks for null.
    /// </summary>
    public Task HighWatermarkChangedAsync()
    {
        lock (_lock)
        {
            return (_highWatermarkChanged ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
        }
    }

    /// <summary>
    /// A consumer fetch received by <paramref name="brokerId"/>: checks leadership and the client's leader epoch
    /// (FENCED_LEADER_EPOCH below ours, UNKNOWN_LEADER_EPOCH above), the offset range (OFFSET_OUT_OF_RANGE below the log
    /// start or above the LEO), then copies whole batches from <paramref name="fetchOffset"/> below the HW
    /// (read_uncommitted) or below the LSO (read_committed, when <paramref name="abortedTransactions"/> is given; it
    /// receives the aborted transactions overlapping the range) into <paramref name="destination"/>.
    /// </summary>
    public ErrorCode ReadForConsumer(
        int brokerId,
        int currentLeaderEpoch,
        long fetchOffset,
        int maxBytes,
        IBufferWriter<byte> destination,
        out long highWatermark,
        out long lastStableOffset,
        out long logStartOffset,
        out int written,
        List<AbortedTransaction>? abortedTransactions = null)
    {
        written = 0;
        lock (_lock)
        {
            highWatermark = HighWatermark;
            lastStableOffset = LastStableOffset;
            logStartOffset = Log.LogStartOffset;
            if (LeaderId != brokerId || !_cluster.Brokers[brokerId].IsUp)
            {
                return ErrorCode.NotLeaderOrFollower;
            }

            if (currentLeaderEpoch >= 0 && currentLeaderEpoch != LeaderEpoch)
            {
                return currentLeaderEpoch < LeaderEpoch ? ErrorCode.FencedLeaderEpoch : ErrorCode.UnknownLeaderEpoch;
            }

            if (fetchOffset < Log.LogStartOffset || fetchOffset > Log.LogEndOffset)
            {
                return ErrorCode.OffsetOutOfRange;
            }

            var end = abortedTransactions is null ? HighWatermark : lastStableOffset;
            if (maxBytes > 0)
            {
                written = Log.CopyBatches(fetchOffset, end, maxBytes, destination);
            }

            if (abortedTransactions is not null && written > 0 && _abortedTransactions.Count > 0)
            {
                CollectAbortedTransactions(fetchOffset, end, abortedTransactions);
            }

            return ErrorCode.None;
        }
    }

    private void SignalHighWatermarkChanged()
    {
        if (_highWatermarkChanged is { } changed)
        {
            _highWatermarkChanged = null;
            changed.TrySetResult();
        }
    }
}
