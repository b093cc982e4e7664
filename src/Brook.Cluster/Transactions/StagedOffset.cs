namespace Brook.Cluster.Transactions;

/// <summary>A consumer offset committed through a transaction (TxnOffsetCommit): staged until commit, dropped at abort.</summary>
/// <param name="Offset">Committed offset.</param>
/// <param name="LeaderEpoch">Committed leader epoch, -1 when unknown.</param>
/// <param name="Metadata">Committed metadata string.</param>
public readonly record struct StagedOffset(long Offset, int LeaderEpoch, string? Metadata);
