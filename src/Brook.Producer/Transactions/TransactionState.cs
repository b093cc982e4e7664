namespace Brook.Producer.Transactions;

/// <summary>
/// The transactional producer's states (Java <c>TransactionManager.State</c>, producer-algorithms.md transactions).
/// Transitions are listed in <see cref="TransactionManager"/>'s table; anything else is a usage error.
/// </summary>
internal enum TransactionState
{
    /// <summary>Created; InitTransactionsAsync not yet called.</summary>
    Uninitialized,

    /// <summary>Finding the coordinator and obtaining the producer id/epoch (InitProducerId).</summary>
    Initializing,

    /// <summary>Initialized, no transaction open: BeginTransaction may be called.</summary>
    Ready,

    /// <summary>A transaction is open: sends and SendOffsetsToTransactionAsync are allowed.</summary>
    InTransaction,

    /// <summary>Flushing and sending EndTxn(commit).</summary>
    Committing,

    /// <summary>Dropping unsent records, waiting for in-flight ones and sending EndTxn(abort).</summary>
    Aborting,

    /// <summary>The open transaction cannot commit; only AbortTransactionAsync is allowed.</summary>
    AbortableError,

    /// <summary>The producer is unusable (fenced, not authorized); every call throws the fatal error.</summary>
    FatalError,
}
