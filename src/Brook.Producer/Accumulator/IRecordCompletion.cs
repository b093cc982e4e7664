namespace Brook.Producer.Accumulator;

/// <summary>One record's pending outcome, completed when its batch is done (pooled by the producer, never per record).</summary>
internal interface IRecordCompletion
{
    /// <summary>Called under the partition lock when the record was appended, before the batch can be drained.</summary>
    void OnAppended(int partition, int recordIndex);

    /// <summary>Completes the record from its batch's outcome. Runs on the completion dispatcher, in batch order.</summary>
    void Complete(ProducerBatch batch);

    /// <summary>
    /// Reads what <see cref="Complete"/> will read, a few records ahead of it, so the dispatch finds it in cache instead
    /// of waiting for memory record after record. Returns a value only so the reads are not optimized away.
    /// </summary>
    int Touch();
}
