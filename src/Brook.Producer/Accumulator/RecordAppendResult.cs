namespace Brook.Producer.Accumulator;

/// <summary>Where a record went and whether the sender should be woken.</summary>
/// <param name="Batch">The batch holding the record; await <see cref="ProducerBatch.Completion"/> for the outcome.</param>
/// <param name="Partition">The partition (chosen by the sticky partitioner when none was given).</param>
/// <param name="RecordIndex">The record's index in the batch: its offset is BaseOffset + RecordIndex.</param>
/// <param name="BatchIsFull">The partition has a full batch (or more than one): wake the sender.</param>
/// <param name="NewBatchCreated">A new batch was created: wake the sender.</param>
internal readonly record struct RecordAppendResult(ProducerBatch Batch, int Partition, int RecordIndex, bool BatchIsFull, bool NewBatchCreated);
