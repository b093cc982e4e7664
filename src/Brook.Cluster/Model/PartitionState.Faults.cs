namespace Brook.Cluster.Model;

internal sealed partial class PartitionState
{
    private bool _crashAfterNextAppend;

    /// <summary>
    /// Sets the replication delay of the follower on <paramref name="brokerId"/> (-1 = cluster default). Its LEO then
    /// trails the leader's by that much cluster time; past replica.lag.time.max.ms it leaves the ISR.
    /// </summary>
    public void SetFollowerLag(int brokerId, int lagMs)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(lagMs, -1);
        lock (_lock)
        {
            RequireFollower(brokerId).LagMs = lagMs;
        }
    }

    /// <summary>Stops (or resumes) replication to the follower on <paramref name="brokerId"/>; it keeps its ISR place until it lags too long.</summary>
    public void SetFollowerPaused(int brokerId, bool paused)
    {
        lock (_lock)
        {
            RequireFollower(brokerId).Paused = paused;
            if (!paused)
            {
                Advance(_cluster.NowMs, fullTick: false);
            }
        }
    }

    /// <summary>
    /// Removes the follower on <paramref name="brokerId"/> from the ISR now and pauses its replication, so it stays
    /// out until <see cref="SetFollowerPaused"/> resumes it and it catches up to the HW.
    /// </summary>
    public void ShrinkIsr(int brokerId)
    {
        lock (_lock)
        {
            var r = RequireFollower(brokerId);
            r.Paused = true;
            if (r.InIsr)
            {
                r.InIsr = false;
                IsrCount--;
            }

            Advance(_cluster.NowMs, fullTick: false);
        }
    }

    /// <summary>Cuts (or restores) replication between the leader and all its followers; clients still reach the leader.</summary>
    public void SetLeaderIsolated(bool isolated)
    {
        lock (_lock)
        {
            LeaderIsolated = isolated;
            Advance(_cluster.NowMs, fullTick: false);
        }
    }

    /// <summary>
    /// Arms a crash: the next successful append on this partition is stored by the leader, which then goes down with
    /// failover before any follower copies it; the producing connection is closed.
    /// </summary>
    public void CrashLeaderAfterNextAppend()
    {
        lock (_lock)
        {
            _crashAfterNextAppend = true;
        }
    }

    private Replica RequireFollower(int brokerId)
    {
        var r = FindReplica(brokerId)
            ?? throw new ArgumentException($"Broker {brokerId} holds no replica of {Topic.Name}-{Index}.", nameof(brokerId));
        return r.BrokerId == LeaderId
            ? throw new ArgumentException($"Broker {brokerId} leads {Topic.Name}-{Index}; follower faults apply to followers only.", nameof(brokerId))
            : r;
    }
}
