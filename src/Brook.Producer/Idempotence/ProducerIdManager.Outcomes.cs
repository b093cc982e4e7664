using Brook.Producer.Accumulator;
using Brook.Producer.Sending;
using Brook.Protocol.Errors;

namespace Brook.Producer.Idempotence;

internal sealed partial class ProducerIdManager
{
    /// <inheritdoc />
    public void OnSucceeded(ProducerBatch batch, long baseOffset) => _sequencer.OnAcknowledged(batch, baseOffset);

    /// <inheritdoc />
    public void OnSplit(ProducerBatch batch) => _sequencer.ReplaceWithChildren(batch);

    /// <inheritdoc />
    public void OnFailed(ProducerBatch batch, KafkaException error, BatchFailureKind kind)
    {
        _sequencer.OnFailed(batch);
        if (IsFatal(error))
        {
            SetFatal(error);
            return;
        }

        if (kind != BatchFailureKind.Closed)
        {
            BatchFailed?.Invoke(batch, error);
        }

        if (!batch.HasSequence || kind == BatchFailureKind.Closed)
        {
            return;
        }

        if (kind == BatchFailureKind.Rejected)
        {
            // Nothing was appended, so its sequences are a gap: every later batch would be OUT_OF_ORDER (§9).
            // Transactional: the gap stays until the abort's bump (KIP-360); marking it unresolved fails later
            // batches' OUT_OF_ORDER at once instead of retrying them until delivery.timeout.ms.
            if (!_sequencer.IsTransactional)
            {
                RequestEpochBump(batch.TopicPartition);
            }
            else
            {
                _sequencer.SetUnresolved(batch.TopicPartition, unresolved: true);
            }

            return;
        }

        // Expired or out of retries after being sent: it may or may not have been written (§6).
        _sequencer.SetUnresolved(batch.TopicPartition, unresolved: true);
    }

    /// <inheritdoc />
    public bool CanRetry(ProducerBatch batch, KafkaException error)
    {
        if (FatalError is not null || IsFatal(error))
        {
            return false;
        }

        var tp = batch.TopicPartition;
        switch (error.ErrorCode)
        {
            case ErrorCode.UnknownProducerId:
                // Older brokers only (§9): the broker lost our state; a sequence already reset is simply retried.
                // Transactional: the transaction becomes abortable and the abort bumps through the coordinator (KIP-360).
                if (_sequencer.IsTransactional)
                {
                    return false;
                }

                if (!batch.IsSequenceReset)
                {
                    RequestEpochBump(tp);
                }

                return true;

            case ErrorCode.OutOfOrderSequenceNumber:
                var unresolved = _sequencer.IsUnresolved(tp);
                var isNext = batch.BaseSequence == NextAfterLastAcked(tp);
                if (!unresolved && (batch.IsSequenceReset || !isNext))
                {
                    return true; // waiting behind a failed predecessor, or an attempt from before a bump
                }

                if (_sequencer.IsTransactional)
                {
                    return false; // the transaction becomes abortable
                }

                if (!unresolved || isNext)
                {
                    RequestEpochBump(tp);
                }

                return true;

            case ErrorCode.InvalidProducerEpoch:
                // An attempt sent under the epoch a bump replaced met the new epoch's first batch: resend renumbered.
                return batch.IsSequenceReset && !_sequencer.IsTransactional;

            default:
                return false;
        }
    }

    private static bool IsFatal(KafkaException error) => error.IsFatal || error.ErrorCode
        is ErrorCode.ClusterAuthorizationFailed
        or ErrorCode.TransactionalIdAuthorizationFailed
        or ErrorCode.ProducerFenced
        or ErrorCode.UnsupportedVersion
        or ErrorCode.UnsupportedForMessageFormat;

    private int NextAfterLastAcked(TopicPartition tp)
    {
        var last = _sequencer.LastAckedSequence(tp);
        return last == int.MaxValue ? 0 : last + 1;
    }
}
