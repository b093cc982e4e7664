using Brook.Protocol.Errors;

namespace Brook.Cluster.Model;

internal sealed partial class PartitionState
{
    /// <summary>Runs one replication step at the cluster's current time (the cluster tick calls this).</summary>
    public void Tick()
    {
        lock (_lock)
        {
            Advance(_cluster.NowMs, fullTick: true);
        }
    }

    /// <summary>
    /// One replication step, under the lock: followers fetch (their LEO moves to the leader's LEO as it was their lag
    /// ago), the HW moves, the ISR shrinks and expands, the HW moves again, parked acks=all produces complete, and
    /// retention runs. The order makes broker-semantics.md §4's NOT_ENOUGH_REPLICAS_AFTER_APPEND reachable: the HW can
    /// pass a batch in the same step in which the ISR falls below min.insync.replicas. A full tick also expires
    /// waiters and producer state.
    /// </summary>
    private void Advance(long now, bool fullTick)
    {
        var leader = LeaderReplica;
        if (leader is not null && _cluster.Brokers[leader.BrokerId].IsUp)
        {
            var leo = Log.LogEndOffset;
            leader.LogEndOffset = leo;
            leader.LastCaughtUpTimeMs = now;
            foreach (var follower in Replicas)
            {
                if (follower != leader && CanFetch(leader, follower))
                {
                    Fetch(follower, leo, now);
                }
            }

            UpdateHighWatermark();
            MaintainIsr(leader, leo, now);
            UpdateHighWatermark();
            foreach (var follower in Replicas)
            {
                if (follower != leader && CanFetch(leader, follower))
                {
                    follower.HighWatermark = Math.Min(HighWatermark, follower.LogEndOffset);
                }
            }

            leader.HighWatermark = HighWatermark;
            PruneCompleting();
            CompleteReachedWaiters();
            var retention = Topic.Config.RetentionBytes;
            if (retention > 0 && Log.ApplyRetention(retention, HighWatermark))
            {
                Producers.Evict(Log.LogStartOffset, long.MinValue);
                Epochs.TruncateFromStart(Log.LogStartOffset);
            }
        }

        if (fullTick)
        {
            ExpireWaiters(now);
            Producers.Evict(Log.LogStartOffset, now - _cluster.Options.ProducerIdExpirationMs);
        }
    }

    private bool CanFetch(Replica leader, Replica follower) =>
        !follower.Paused
        && !LeaderIsolated
        && _cluster.Brokers[follower.BrokerId].IsUp
        && _cluster.IsLinkUp(leader.BrokerId, follower.BrokerId);

    private void Fetch(Replica follower, long leaderEndOffset, long now)
    {
        var lag = follower.LagMs >= 0 ? follower.LagMs : _cluster.Options.FollowerReplicationLagMs;
        var target = lag == 0 ? leaderEndOffset : Log.EndOffsetAt(now - lag);
        if (target > follower.LogEndOffset || follower.LogEndOffset < Log.LogStartOffset)
        {
            follower.LogEndOffset = Math.Max(target, Log.LogStartOffset);
        }

        // Caught up until the leader appended the first batch this follower still lacks (Kafka's lastCaughtUpTimeMs).
        var caughtUp = follower.LogEndOffset >= leaderEndOffset ? now : Math.Min(now, Log.AppendTimeAfter(follower.LogEndOffset));
        follower.LastCaughtUpTimeMs = Math.Max(follower.LastCaughtUpTimeMs, caughtUp);
    }

    private void MaintainIsr(Replica leader, long leaderEndOffset, long now)
    {
        var maxLag = _cluster.Options.ReplicaLagTimeMaxMs;
        foreach (var r in Replicas)
        {
            if (r == leader)
            {
                continue;
            }

            var caughtUp = r.LogEndOffset >= leaderEndOffset || now - r.LastCaughtUpTimeMs <= maxLag;
            if (r.InIsr && !caughtUp)
            {
                r.InIsr = false;
                IsrCount--;
            }
            else if (!r.InIsr && caughtUp && r.LogEndOffset >= HighWatermark && CanFetch(leader, r))
            {
                // Rejoin (Kafka: AlterPartition, KIP-497) once the follower holds everything up to the HW.
                r.InIsr = true;
                IsrCount++;
            }
        }
    }

    private void UpdateHighWatermark()
    {
        // KAFKA-15583: no HW progress while the ISR is below the effective min.insync.replicas.
        if (IsrCount < Topic.EffectiveMinIsr)
        {
            return;
        }

        var min = long.MaxValue;
        foreach (var r in Replicas)
        {
            if (r.InIsr && r.LogEndOffset < min)
            {
                min = r.LogEndOffset;
            }
        }

        if (min != long.MaxValue && min > HighWatermark)
        {
            HighWatermark = min;
            SignalHighWatermarkChanged();
        }
    }

    private void CompleteReachedWaiters()
    {
        var underMinIsr = IsrCount < Topic.EffectiveMinIsr;
        while (_waiters.Count > 0 && _waiters.Front.RequiredOffset <= HighWatermark)
        {
            var waiter = _waiters.PopFront();
            waiter.Complete(underMinIsr
                ? PartitionProduceResult.Failed(ErrorCode.NotEnoughReplicasAfterAppend)
                : waiter.Success with { LogStartOffset = Log.LogStartOffset });
        }
    }

    private void ExpireWaiters(long now)
    {
        for (var n = _waiters.Count; n > 0; n--)
        {
            var waiter = _waiters.PopFront();
            if (now >= waiter.DeadlineMs)
            {
                waiter.Complete(PartitionProduceResult.Failed(ErrorCode.RequestTimedOut));
            }
            else
            {
                _waiters.PushBack(waiter);
            }
        }
    }

    private void FailAllWaiters(ErrorCode error)
    {
        while (_waiters.Count > 0)
        {
            _waiters.PopFront().Complete(PartitionProduceResult.Failed(error));
        }
    }
}
