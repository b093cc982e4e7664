namespace Brook.Cluster.Transactions;

/// <summary>State of a transactional id in the coordinator (Kafka's TransactionState; broker-semantics.md §5).</summary>
public enum TransactionState
{
    /// <summary>Initialised (InitProducerId), no transaction started.</summary>
    Empty,

    /// <summary>Partitions or offsets were added; the timeout clock runs.</summary>
    Ongoing,

    /// <summary>EndTxn(commit) recorded; COMMIT markers are being written.</summary>
    PrepareCommit,

    /// <summary>EndTxn(abort), a timeout or a fence recorded; ABORT markers are being written.</summary>
    PrepareAbort,

    /// <summary>Every COMMIT marker is written and staged offsets are applied.</summary>
    CompleteCommit,

    /// <summary>Every ABORT marker is written and staged offsets are dropped.</summary>
    CompleteAbort,

    /// <summary>An ongoing transaction is being fenced (epoch bump) before its abort.</summary>
    PrepareEpochFence,

    /// <summary>Expired; the id starts afresh on its next InitProducerId.</summary>
    Dead,
}
