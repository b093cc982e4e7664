namespace Brook.Cluster.Transactions;

/// <summary>A topic partition taking part in a transaction.</summary>
/// <param name="Topic">Topic name.</param>
/// <param name="Partition">Partition index.</param>
public readonly record struct TransactionPartition(string Topic, int Partition);
