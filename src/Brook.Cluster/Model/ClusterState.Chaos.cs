using Brook.Cluster.Faults;
using Brook.Protocol.Errors;

namespace Brook.Cluster.Model;

internal sealed partial class ClusterState
{
    private readonly List<ChaosEvent> _chaosLog = [];
    private readonly List<(long AtMs, Action Undo)> _chaosUndo = [];
    private volatile ChaosOptions? _chaos;
    private Random _chaosRandom = new(0);
    private long _nextChaosMs;

    /// <summary>Faults injected by the chaos schedule so far, oldest first.</summary>
    public IReadOnlyList<ChaosEvent> ChaosLog
    {
        get
        {
            lock (_adminLock)
            {
                return [.. _chaosLog];
            }
        }
    }

    /// <summary>Starts a seeded chaos schedule; the first fault comes after one interval of cluster time.</summary>
    public void StartChaos(ChaosOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        lock (_adminLock)
        {
            _chaos = options;
            _chaosRandom = new Random(options.Seed);
            _nextChaosMs = NowMs + NextChaosInterval();
        }
    }

    /// <summary>Stops the schedule and undoes temporary faults still active (brokers up, followers resumed).</summary>
    public void StopChaos()
    {
        lock (_adminLock)
        {
            _chaos = null;
            foreach (var (_, undo) in _chaosUndo)
            {
                undo();
            }

            _chaosUndo.Clear();
        }
    }

    private void StepChaos(long now)
    {
        if (_chaos is null)
        {
            return;
        }

        lock (_adminLock)
        {
            while (_chaos is { } options && _nextChaosMs <= now)
            {
                InjectChaos(options, _nextChaosMs);
                _nextChaosMs += NextChaosInterval();
            }

            // After the injections, so a fault that began and ended within one coarse tick is undone now.
            for (var i = 0; i < _chaosUndo.Count; i++)
            {
                if (_chaosUndo[i].AtMs <= now)
                {
                    _chaosUndo[i].Undo();
                    _chaosUndo.RemoveAt(i--);
                }
            }
        }
    }

    private int NextChaosInterval()
    {
        var mean = _chaos!.MeanIntervalMs;
        return (mean / 2) + _chaosRandom.Next(mean + 1);
    }

    private void InjectChaos(ChaosOptions options, long at)
    {
        Span<ChaosKinds> kinds = stackalloc ChaosKinds[5];
        var n = 0;
        for (var k = ChaosKinds.BrokerBounce; k <= ChaosKinds.Disconnect; k = (ChaosKinds)((int)k << 1))
        {
            if ((options.Kinds & k) != 0)
            {
                kinds[n++] = k;
            }
        }

        var kind = kinds[_chaosRandom.Next(n)];
        var ev = kind switch
        {
            ChaosKinds.BrokerBounce => BounceBroker(at, options.FaultDurationMs),
            ChaosKinds.LeaderMove => MoveRandomLeader(at),
            ChaosKinds.FollowerPause => PauseRandomFollower(at, options.FaultDurationMs),
            _ => QueueProduceFault(at, kind),
        };
        if (ev is not null)
        {
            _chaosLog.Add(ev);
        }
    }

    private ChaosEvent? BounceBroker(long at, int durationMs)
    {
        var up = Brokers.Where(b => b.IsUp).ToArray();
        if (up.Length < 2)
        {
            return null;
        }

        var broker = up[_chaosRandom.Next(up.Length)].Id;
        SetBrokerDown(broker, failover: true);
        _chaosUndo.Add((at + durationMs, () => SetBrokerUp(broker)));
        return new ChaosEvent(at, ChaosKinds.BrokerBounce, broker, null, -1);
    }

    private ChaosEvent? MoveRandomLeader(long at)
    {
        var partition = RandomPartition();
        if (partition is null)
        {
            return null;
        }

        var candidates = partition.Replicas
            .Where(r => r.InIsr && r.BrokerId != partition.LeaderId && Brokers[r.BrokerId].IsUp)
            .Select(r => r.BrokerId)
            .ToArray();
        if (candidates.Length == 0)
        {
            return null;
        }

        var target = candidates[_chaosRandom.Next(candidates.Length)];
        partition.ChangeLeader(target);
        return new ChaosEvent(at, ChaosKinds.LeaderMove, target, partition.Topic.Name, partition.Index);
    }

    private ChaosEvent? PauseRandomFollower(long at, int durationMs)
    {
        var partition = RandomPartition();
        var followers = partition?.Replicas.Where(r => r.BrokerId != partition.LeaderId && !r.Paused).ToArray();
        if (partition is null || followers!.Length == 0)
        {
            return null;
        }

        var follower = followers[_chaosRandom.Next(followers.Length)];
        partition.SetFollowerPaused(follower.BrokerId, true);
        void Resume()
        {
            lock (partition.SyncRoot)
            {
                follower.Paused = false;
            }
        }

        _chaosUndo.Add((at + durationMs, Resume));
        return new ChaosEvent(at, ChaosKinds.FollowerPause, follower.BrokerId, partition.Topic.Name, partition.Index);
    }

    private ChaosEvent QueueProduceFault(long at, ChaosKinds kind)
    {
        var broker = _chaosRandom.Next(Brokers.Length);
        Faults.Add(kind == ChaosKinds.ProduceError
            ? new RequestFault { ApiKey = 0, BrokerId = broker, Error = ErrorCode.NotLeaderOrFollower }
            : new RequestFault
            {
                ApiKey = 0,
                BrokerId = broker,
                Action = _chaosRandom.Next(2) == 0 ? FaultAction.DisconnectBeforeAppend : FaultAction.DisconnectAfterAppend,
            });
        return new ChaosEvent(at, kind, broker, null, -1);
    }

    private PartitionState? RandomPartition()
    {
        // Sorted by name: dictionary order depends on per-process string hashing and would break replay.
        var topics = _topics.Values.OrderBy(t => t.Name, StringComparer.Ordinal).ToArray();
        var total = topics.Sum(t => t.Partitions.Length);
        if (total == 0)
        {
            return null;
        }

        var pick = _chaosRandom.Next(total);
        foreach (var topic in topics)
        {
            if (pick < topic.Partitions.Length)
            {
                return topic.Partitions[pick];
            }

            pick -= topic.Partitions.Length;
        }

        return null;
    }
}
