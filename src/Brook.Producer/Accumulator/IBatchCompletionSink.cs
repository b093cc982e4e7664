namespace Brook.Producer.Accumulator;

/// <summary>Where completed batches go so their records complete off the sender loop (in completion order).</summary>
internal interface IBatchCompletionSink
{
    /// <summary>Queues a completed batch; the sink calls <see cref="ProducerBatch.DispatchRecords"/> later.</summary>
    void Enqueue(ProducerBatch batch);
}
