using System.Buffers;
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
    /// start or above the LEO), then copies whole batches from <paramref name="fetchOffset"/> below the HW (which is
    /// also the LSO: no transactions yet) into <paramref name="destination"/>.
    /// </summary>
    public ErrorCode ReadForConsumer(
        int brokerId,
        int currentLeaderEpoch,
        long fetchOffset,
        int maxBytes,
        IBufferWriter<byte> destination,
        out long highWatermark,
        out long logStartOffset,
        out int written)
    {
        written = 0;
        lock (_lock)
        {
            highWatermark = HighWatermark;
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

            if (maxBytes > 0)
            {
                written = Log.CopyBatches(fetchOffset, HighWatermark, maxBytes, destination);
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
