namespace Brook.Cluster.Transactions;

/// <summary>Coordinator state of one transactional id; guarded by the coordinator lock.</summary>
internal sealed class TransactionMetadata(string transactionalId)
{
    public string TransactionalId { get; } = transactionalId;

    public long ProducerId { get; set; } = -1;

    public short ProducerEpoch { get; set; } = -1;

    /// <summary>Producer id and epoch before the last bump: a retried InitProducerId (KIP-360) may present them.</summary>
    public long LastProducerId { get; set; } = -1;

    public short LastProducerEpoch { get; set; } = -1;

    public TransactionState State { get; set; } = TransactionState.Empty;

    public int TimeoutMs { get; set; }

    public long StartTimeMs { get; set; } = -1;

    public long LastUpdateMs { get; set; }

    /// <summary>Cluster time at which pending markers are written (Prepare* states).</summary>
    public long MarkersDueMs { get; set; }

    public HashSet<TransactionPartition> Partitions { get; } = [];

    public HashSet<string> Groups { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, Dictionary<TransactionPartition, StagedOffset>> PendingOffsets { get; } = new(StringComparer.Ordinal);

    public bool IsPreparing => State is TransactionState.PrepareCommit or TransactionState.PrepareAbort or TransactionState.PrepareEpochFence;

    public TransactionSnapshot Snapshot()
    {
        var partitions = Partitions.ToList();
        partitions.Sort(static (a, b) => a.Topic == b.Topic ? a.Partition.CompareTo(b.Partition) : string.CompareOrdinal(a.Topic, b.Topic));
        var groups = Groups.ToList();
        groups.Sort(StringComparer.Ordinal);
        var pending = new Dictionary<string, IReadOnlyDictionary<TransactionPartition, StagedOffset>>(StringComparer.Ordinal);
        foreach (var (group, offsets) in PendingOffsets)
        {
            pending[group] = new Dictionary<TransactionPartition, StagedOffset>(offsets);
        }

        return new TransactionSnapshot
        {
            TransactionalId = TransactionalId,
            ProducerId = ProducerId,
            ProducerEpoch = ProducerEpoch,
            State = State,
            TimeoutMs = TimeoutMs,
            StartTimeMs = State == TransactionState.Ongoing ? StartTimeMs : -1,
            Partitions = partitions,
            Groups = groups,
            PendingOffsets = pending,
        };
    }
}
