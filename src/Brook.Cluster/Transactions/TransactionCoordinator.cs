using Brook.Cluster.Model;
using Brook.Protocol.Errors;

namespace Brook.Cluster.Transactions;

/// <summary>
/// The transaction coordinator of the cluster (broker-semantics.md §5; Kafka's TransactionCoordinator): one state per
/// transactional id, producer id and epoch handling with zombie fencing, partitions and staged offsets of the current
/// transaction, two-phase completion (Prepare*, markers, Complete*) and timeouts on the cluster clock.
/// </summary>
/// <remarks>
/// One lock guards every transactional id. Markers are written while holding it (lock order: coordinator, then one
/// partition lock at a time; partitions never call back into the coordinator). Which broker coordinates an id is
/// <see cref="CoordinatorFor"/> (the cluster's key hash, as FindCoordinator answers, unless moved); requests reaching
/// another broker get NOT_COORDINATOR. Committed transactional offsets go to the group coordinator's store, so
/// OffsetFetch sees them only after the commit.
/// </remarks>
internal sealed partial class TransactionCoordinator
{
    /// <summary>transaction.max.timeout.ms default.</summary>
    public const int DefaultMaxTimeoutMs = 900_000;

    /// <summary>Highest epoch handed out before a new producer id replaces an exhausted one (Short.MaxValue - 1).</summary>
    public const short MaxEpoch = short.MaxValue - 1;

    private readonly Lock _lock = new();
    private readonly ClusterState _cluster;
    private readonly Dictionary<string, TransactionMetadata> _transactions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _movedCoordinators = new(StringComparer.Ordinal);
    private int _markerDelayMs;

    public TransactionCoordinator(ClusterState cluster)
    {
        _cluster = cluster;
    }

    /// <summary>transaction.max.timeout.ms: InitProducerId with a larger timeout gets INVALID_TRANSACTION_TIMEOUT.</summary>
    public int MaxTimeoutMs { get; set; } = DefaultMaxTimeoutMs;

    /// <summary>Coordinator epoch written into markers (bumped when a coordinator moves).</summary>
    public int CoordinatorEpoch { get; private set; }

    /// <summary>
    /// Cluster-time delay between recording a Prepare* state and writing its markers (fault: keeps the transaction in
    /// PrepareCommit/PrepareAbort so clients see CONCURRENT_TRANSACTIONS). 0 writes markers at once.
    /// </summary>
    public int MarkerDelayMs
    {
        get => Volatile.Read(ref _markerDelayMs);
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            Volatile.Write(ref _markerDelayMs, value);
        }
    }

    /// <summary>The broker coordinating <paramref name="transactionalId"/>, or -1 when none is up.</summary>
    public int CoordinatorFor(string transactionalId)
    {
        lock (_lock)
        {
            if (_movedCoordinators.TryGetValue(transactionalId, out var moved) && _cluster.Brokers[moved].IsUp)
            {
                return moved;
            }
        }

        return _cluster.CoordinatorFor(transactionalId);
    }

    /// <summary>Moves the coordinator of one transactional id to <paramref name="brokerId"/> (coordinator epoch + 1).</summary>
    /// <exception cref="ArgumentException">No such broker.</exception>
    public void MoveCoordinator(string transactionalId, int brokerId)
    {
        ArgumentNullException.ThrowIfNull(transactionalId);
        if ((uint)brokerId >= (uint)_cluster.Brokers.Length)
        {
            throw new ArgumentException($"No broker {brokerId}: the cluster has brokers 0..{_cluster.Brokers.Length - 1}.", nameof(brokerId));
        }

        lock (_lock)
        {
            _movedCoordinators[transactionalId] = brokerId;
            CoordinatorEpoch++;
        }
    }

    /// <summary>Snapshot of one transactional id, or null when it is unknown.</summary>
    public TransactionSnapshot? Snapshot(string transactionalId)
    {
        lock (_lock)
        {
            return _transactions.TryGetValue(transactionalId, out var meta) ? meta.Snapshot() : null;
        }
    }

    /// <summary>Snapshots of every transactional id, sorted by id.</summary>
    public IReadOnlyList<TransactionSnapshot> Snapshots()
    {
        lock (_lock)
        {
            var list = new List<TransactionSnapshot>(_transactions.Count);
            foreach (var meta in _transactions.Values)
            {
                list.Add(meta.Snapshot());
            }

            list.Sort(static (a, b) => string.CompareOrdinal(a.TransactionalId, b.TransactionalId));
            return list;
        }
    }

    /// <summary>True while some ongoing transaction has staged an offset for this group partition (RequireStable).</summary>
    public bool HasPendingOffset(string group, string topic, int partition)
    {
        lock (_lock)
        {
            foreach (var meta in _transactions.Values)
            {
                if (meta.PendingOffsets.TryGetValue(group, out var offsets) && offsets.ContainsKey(new TransactionPartition(topic, partition)))
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>
    /// Timer work on the cluster clock: writes markers that came due (<see cref="MarkerDelayMs"/>) and aborts ongoing
    /// transactions older than their timeout with an epoch bump (PrepareEpochFence, then PrepareAbort), so the
    /// producer's next requests fail with epoch errors.
    /// </summary>
    public void Tick()
    {
        var now = _cluster.NowMs;
        lock (_lock)
        {
            foreach (var meta in _transactions.Values)
            {
                if (meta.IsPreparing && meta.MarkersDueMs <= now)
                {
                    Complete(meta, now);
                }
                else if (meta.State == TransactionState.Ongoing && now - meta.StartTimeMs > meta.TimeoutMs)
                {
                    FenceAndAbort(meta, now);
                }
            }
        }
    }

    /// <summary>Checks that <paramref name="brokerId"/> coordinates the id: NOT_COORDINATOR otherwise.</summary>
    private ErrorCode CheckCoordinator(string transactionalId, int brokerId)
    {
        var coordinator = _movedCoordinators.TryGetValue(transactionalId, out var moved) && _cluster.Brokers[moved].IsUp
            ? moved
            : _cluster.CoordinatorFor(transactionalId);
        return coordinator < 0 ? ErrorCode.CoordinatorNotAvailable : coordinator == brokerId ? ErrorCode.None : ErrorCode.NotCoordinator;
    }
}
