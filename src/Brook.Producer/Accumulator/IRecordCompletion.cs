namespace Brook.Producer.Accumulator;

/// <summary>One record's pending outcome, completed when its batch is done (pooled by the producer, never per record).</summary>
internal interface IRecordCompletion
{
    /// <summary>Intrusive link to the next record of the same batch (the batch keeps a list without allocating).</summary>
    IRecordCompletion? NextInBatch { get; set; }

    /// <summary>Called under the partition lock when the record was appended, before the batch can be drained.</summary>
    void OnAppended(int partition, int recordIndex);

    /// <summary>Completes the record from its batch's outcome. Runs on the completion dispatcher, in batch order.</summary>
    void Complete(ProducerBatch batch);
}
