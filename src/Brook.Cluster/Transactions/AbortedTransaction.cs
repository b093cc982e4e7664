namespace Brook.Cluster.Transactions;

/// <summary>
/// One entry of a partition's aborted-transaction index (Kafka's AbortedTxn): the producer, the offset of its first
/// transactional batch on the partition and the offset of the ABORT marker that closed it. read_committed fetches
/// return the entries overlapping the fetched range so consumers can drop the aborted records.
/// </summary>
/// <param name="ProducerId">Producer id of the aborted transaction.</param>
/// <param name="FirstOffset">First offset the transaction wrote on the partition.</param>
/// <param name="LastOffset">Offset of the ABORT marker.</param>
internal readonly record struct AbortedTransaction(long ProducerId, long FirstOffset, long LastOffset);
