namespace Brook.Producer.Accumulator;

/// <summary>Where a record went and whether the sender should be woken.</summary>
/// <param name="Batch">
/// The batch holding the record. Valid only while the caller holds it: batches are pooled, so code that keeps it past the
/// append takes a <see cref="ProducerBatch.Hold"/> under the deque lock (the append does so for a transactional caller).
/// </param>
/// <param name="Partition">The partition (chosen by the sticky partitioner when none was given).</param>
/// <param name="RecordIndex">The record's index in the batch: its offset is BaseOffset + RecordIndex.</param>
/// <param name="BatchIsFull">The partition has a full batch (or more than one): wake the sender.</param>
/// <param name="NewBatchCreated">A new batch was created: wake the sender.</param>
/// <param name="BatchCreatedMs">The batch's creation time, read under the deque lock (the sender's wake decision needs
/// it after the append, when the batch may already be recycled).</param>
internal readonly record struct RecordAppendResult(ProducerBatch Batch, int Partition, int RecordIndex, bool BatchIsFull, bool NewBatchCreated, long BatchCreatedMs);
