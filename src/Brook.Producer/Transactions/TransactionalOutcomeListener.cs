using Brook.Producer.Accumulator;
using Brook.Producer.Sending;

namespace Brook.Producer.Transactions;

/// <summary>
/// Keeps the transactional producer's <see cref="IdempotentSequencer"/> told about batch outcomes (acknowledged
/// sequences, batches no longer in flight). Retries follow the default rules: a transactional batch that fails with
/// a sequence error fails, which makes its transaction abortable. Sender thread only.
/// </summary>
internal sealed class TransactionalOutcomeListener(IdempotentSequencer sequencer) : IBatchOutcomeListener
{
    /// <inheritdoc />
    public void OnSucceeded(ProducerBatch batch, long baseOffset) => sequencer.OnAcknowledged(batch, baseOffset);

    /// <inheritdoc />
    public void OnFailed(ProducerBatch batch, KafkaException error, BatchFailureKind kind) => sequencer.OnFailed(batch);

    /// <inheritdoc />
    public void OnSplit(ProducerBatch batch) => sequencer.ReplaceWithChildren(batch);

    /// <inheritdoc />
    public bool CanRetry(ProducerBatch batch, KafkaException error) => false;
}
