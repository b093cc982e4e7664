namespace Brook.Producer.Accumulator;

/// <summary>
/// The idempotence hook at drain time (producer-algorithms.md §5): decides whether a partition's head batch may be
/// drained now and stamps producer id, epoch and base sequence on batches that have none. Called on the sender
/// thread under the partition's lock.
/// </summary>
internal interface IDrainSequencer
{
    /// <summary>False when ordering rules say the head batch must wait (draining of the node stops for this pass).</summary>
    bool CanDrain(ProducerBatch first);

    /// <summary>Stamps producer state (and a new sequence if the batch has none) on a batch being drained.</summary>
    void Stamp(ProducerBatch batch);
}
