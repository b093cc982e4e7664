using Brook.Cluster.Producers;
using Brook.Protocol.Errors;

namespace Brook.Cluster.Model;

internal sealed partial class PartitionState
{
    /// <summary>
    /// Makes <paramref name="newLeaderId"/> the leader (-1: leaderless) with epoch + 1. The other replicas truncate to
    /// the new leader's LEO, dropping data above it (acks=1 writes not yet replicated are lost; acknowledged acks=all
    /// writes are below the HW, which every ISR member holds). Producer state is rebuilt from the surviving log, as a
    /// Kafka follower does from its replicated batches. Parked acks=all produces fail with NOT_LEADER_OR_FOLLOWER.
    /// Caller holds the admin lock.
    /// </summary>
    /// <exception cref="InvalidOperationException">The target is not an up ISR member (no unclean election).</exception>
    public void ChangeLeader(int newLeaderId)
    {
        lock (_lock)
        {
            Replica? next = null;
            if (newLeaderId >= 0)
            {
                next = FindReplica(newLeaderId)
                    ?? throw new InvalidOperationException($"Broker {newLeaderId} holds no replica of {Topic.Name}-{Index}; pick one of its replicas.");
                if (!next.InIsr || !_cluster.Brokers[newLeaderId].IsUp)
                {
                    throw new InvalidOperationException(
                        $"Broker {newLeaderId} cannot lead {Topic.Name}-{Index}: it is {(next.InIsr ? "down" : "not in the ISR")} and unclean leader election is off.");
                }
            }

            LeaderEpoch++;
            LeaderId = newLeaderId;
            FailAllWaiters(ErrorCode.NotLeaderOrFollower);
            SignalHighWatermarkChanged();
            if (next is null)
            {
                return;
            }

            var end = next.LogEndOffset;
            if (end < Log.LogEndOffset)
            {
                Log.TruncateTo(end);
                RebuildProducerState();
            }

            // Kafka's makeLeader: truncated epochs go, the new epoch starts at the new leader's log end offset.
            Epochs.TruncateFromEnd(Log.LogEndOffset);
            Epochs.Assign(LeaderEpoch, Log.LogEndOffset);

            var now = _cluster.NowMs;
            foreach (var r in Replicas)
            {
                r.LogEndOffset = Math.Min(r.LogEndOffset, Log.LogEndOffset);
                r.LastCaughtUpTimeMs = now;
            }

            HighWatermark = Math.Min(HighWatermark, Log.LogEndOffset);
            Advance(now, fullTick: false);
        }
    }

    /// <summary>
    /// A broker went down with failover (Kafka fences it): it leaves the ISR unless it is the last member, and a
    /// partition it led moves to the first up ISR member, or becomes leaderless. Caller holds the admin lock.
    /// </summary>
    public void OnBrokerFenced(int brokerId)
    {
        var replica = FindReplica(brokerId);
        if (replica is null)
        {
            return;
        }

        lock (_lock)
        {
            if (replica.InIsr && IsrCount > 1)
            {
                replica.InIsr = false;
                IsrCount--;
            }
        }

        if (LeaderId == brokerId)
        {
            ChangeLeader(PickLeader());
        }
    }

    /// <summary>A broker came back: a leaderless partition whose ISR holds it elects it. Caller holds the admin lock.</summary>
    public void OnBrokerUp(int brokerId)
    {
        if (LeaderId < 0 && FindReplica(brokerId) is { InIsr: true })
        {
            ChangeLeader(PickLeader());
        }
    }

    private int PickLeader()
    {
        foreach (var r in Replicas)
        {
            if (r.InIsr && _cluster.Brokers[r.BrokerId].IsUp)
            {
                return r.BrokerId;
            }
        }

        return -1;
    }

    private void RebuildProducerState()
    {
        Producers.Clear();
        for (var i = 0; i < Log.BatchCount; i++)
        {
            ref readonly var b = ref Log.BatchAt(i);
            if (b.ProducerId < 0 || b.IsControl)
            {
                continue;
            }

            var appendTime = b.IsLogAppendTime ? b.MaxTimestamp : -1;
            Producers.Record(
                b.ProducerId,
                b.ProducerEpoch,
                new ProducerBatchMetadata(b.BaseSequence, Sequences.Add(b.BaseSequence, (int)(b.LastOffset - b.BaseOffset)), b.BaseOffset, b.LastOffset, appendTime),
                b.AppendTimeMs);
        }

        RebuildTransactionState();
    }
}
