using Brook.Protocol.Errors;
using Brook.Protocol.Records;

namespace Brook.Cluster.Model;

internal sealed partial class PartitionState
{
    /// <summary>ListOffsets timestamp meaning "log start offset".</summary>
    public const long EarliestTimestamp = -2;

    /// <summary>ListOffsets timestamp meaning "end of the readable log" (the HW, or the LSO under read_committed).</summary>
    public const long LatestTimestamp = -1;

    /// <summary>ListOffsets timestamp (v7, KIP-734) meaning "the record with the largest timestamp".</summary>
    public const long MaxTimestampQuery = -3;

    /// <summary>
    /// ListOffsets for one partition received by <paramref name="brokerId"/>: leadership and leader-epoch checks as for
    /// Fetch, then earliest (-2), latest (-1), max timestamp (-3) or the first record at or after a timestamp, among
    /// records below the HW. No match answers offset -1 and timestamp -1, as Kafka does. With
    /// <paramref name="readCommitted"/> latest is the LSO (broker-semantics.md §5).
    /// </summary>
    public ErrorCode ListOffset(int brokerId, int currentLeaderEpoch, long timestamp, out long offset, out long foundTimestamp, out int epoch, bool readCommitted = false)
    {
        offset = -1;
        foundTimestamp = -1;
        lock (_lock)
        {
            epoch = LeaderEpoch;
            if (LeaderId != brokerId || !_cluster.Brokers[brokerId].IsUp)
            {
                return ErrorCode.NotLeaderOrFollower;
            }

            if (currentLeaderEpoch >= 0 && currentLeaderEpoch != LeaderEpoch)
            {
                return currentLeaderEpoch < LeaderEpoch ? ErrorCode.FencedLeaderEpoch : ErrorCode.UnknownLeaderEpoch;
            }

            switch (timestamp)
            {
                case EarliestTimestamp:
                    offset = Log.LogStartOffset;
                    epoch = EpochAt(offset);
                    return ErrorCode.None;
                case LatestTimestamp:
                    offset = readCommitted ? LastStableOffset : HighWatermark;
                    epoch = EpochAt(offset - 1);
                    return ErrorCode.None;
                case MaxTimestampQuery:
                    FindMaxTimestamp(ref offset, ref foundTimestamp, ref epoch);
                    return ErrorCode.None;
                case >= 0:
                    FindByTimestamp(timestamp, ref offset, ref foundTimestamp, ref epoch);
                    return ErrorCode.None;
                default:
                    return ErrorCode.None;
            }
        }
    }

    private int EpochAt(long offset)
    {
        var i = Log.FindBatch(offset);
        return i < Log.BatchCount ? Log.BatchAt(i).LeaderEpoch : LeaderEpoch;
    }

    private void FindMaxTimestamp(ref long offset, ref long foundTimestamp, ref int epoch)
    {
        var best = -1;
        for (var i = 0; i < Log.BatchCount && Log.BatchAt(i).LastOffset < HighWatermark; i++)
        {
            if (!Log.BatchAt(i).IsControl && (best < 0 || Log.BatchAt(i).MaxTimestamp > Log.BatchAt(best).MaxTimestamp))
            {
                best = i;
            }
        }

        if (best >= 0)
        {
            SearchBatch(best, Log.BatchAt(best).MaxTimestamp, ref offset, ref foundTimestamp, ref epoch);
        }
    }

    private void FindByTimestamp(long timestamp, ref long offset, ref long foundTimestamp, ref int epoch)
    {
        for (var i = 0; i < Log.BatchCount && Log.BatchAt(i).LastOffset < HighWatermark; i++)
        {
            if (!Log.BatchAt(i).IsControl && Log.BatchAt(i).MaxTimestamp >= timestamp)
            {
                SearchBatch(i, timestamp, ref offset, ref foundTimestamp, ref epoch);
                return;
            }
        }
    }

    /// <summary>First record of batch <paramref name="index"/> with a timestamp at or above <paramref name="timestamp"/>.</summary>
    private void SearchBatch(int index, long timestamp, ref long offset, ref long foundTimestamp, ref int epoch)
    {
        ref readonly var batch = ref Log.BatchAt(index);
        epoch = batch.LeaderEpoch;
        if (batch.IsLogAppendTime)
        {
            // Every record of a LogAppendTime batch carries the batch's append time.
            offset = batch.BaseOffset;
            foundTimestamp = batch.MaxTimestamp;
            return;
        }

        using var reader = RecordBatchReader.Open(Log.BatchBytes(index), RecordBatchReader.DefaultMaxUncompressedSize, RecordBatchReadOptions.SkipCrc);
        foreach (var record in reader)
        {
            if (record.Timestamp >= timestamp)
            {
                offset = record.Offset;
                foundTimestamp = record.Timestamp;
                return;
            }
        }
    }
}
