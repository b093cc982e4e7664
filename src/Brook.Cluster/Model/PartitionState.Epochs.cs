using Brook.Protocol.Errors;

namespace Brook.Cluster.Model;

internal sealed partial class PartitionState
{
    /// <summary>
    /// OffsetForLeaderEpoch for one partition received by <paramref name="brokerId"/> (KIP-101/KIP-320): the current
    /// leader epoch is checked first (older: FENCED_LEADER_EPOCH, newer: UNKNOWN_LEADER_EPOCH, -1: not checked), then
    /// leadership (NOT_LEADER_OR_FOLLOWER unless <paramref name="requireLeader"/> is false, Kafka's debug replica id -2,
    /// when any replica answers from its own log end offset). The answer is
    /// <see cref="LeaderEpochCache.EndOffsetFor"/> over the cache; an unknown epoch is (-1, -1) with no error.
    /// </summary>
    public ErrorCode EndOffsetForEpoch(int brokerId, int currentLeaderEpoch, int requestedEpoch, bool requireLeader, out int epoch, out long endOffset)
    {
        epoch = LeaderEpochCache.UndefinedEpoch;
        endOffset = LeaderEpochCache.UndefinedOffset;
        lock (_lock)
        {
            if (currentLeaderEpoch >= 0 && currentLeaderEpoch != LeaderEpoch)
            {
                return currentLeaderEpoch < LeaderEpoch ? ErrorCode.FencedLeaderEpoch : ErrorCode.UnknownLeaderEpoch;
            }

            var replica = FindReplica(brokerId);
            if (replica is null || !_cluster.Brokers[brokerId].IsUp || (requireLeader && LeaderId != brokerId))
            {
                return ErrorCode.NotLeaderOrFollower;
            }

            var logEnd = LeaderId == brokerId ? Log.LogEndOffset : replica.LogEndOffset;
            (epoch, endOffset) = Epochs.EndOffsetFor(requestedEpoch, logEnd);
            endOffset = Math.Min(endOffset, logEnd);
            return ErrorCode.None;
        }
    }

    private List<(int Epoch, long StartOffset)> EpochEntries()
    {
        var entries = new List<(int Epoch, long StartOffset)>(Epochs.Count);
        for (var i = 0; i < Epochs.Count; i++)
        {
            entries.Add(Epochs[i]);
        }

        return entries;
    }
}
