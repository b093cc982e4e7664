namespace Brook.Producer.Accumulator;

/// <summary>One record's pending outcome, completed when its batch is done (pooled by the producer, never per record).</summary>
internal interface IRecordCompletion
{
    /// <summary>Completes the record from its batch's outcome. Runs on the completion dispatcher, in batch order.</summary>
    void Complete(ProducerBatch batch);
}
