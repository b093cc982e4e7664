using Brook.Producer.Accumulator;
using Brook.Producer.Idempotence;
using Brook.Protocol.Errors;
using Brook.Protocol.Messages;

namespace Brook.Producer.Transactions;

internal sealed partial class TransactionManager
{
    /// <summary>True while an abort still owes the coordinator a KIP-360 epoch bump.</summary>
    public bool IsEpochBumpRequired
    {
        get
        {
            lock (_lock)
            {
                return _epochBumpRequired;
            }
        }
    }

    /// <summary>Epoch bumps obtained from the coordinator after an abort (KIP-360).</summary>
    public int EpochBumps { get; private set; }

    /// <summary>
    /// A batch of the open transaction failed for good (sender thread): the transaction cannot commit, so it becomes
    /// abortable at once (Java <c>maybeTransitionToErrorState</c>) and its queued batches fail. Fatal errors are left to
    /// the commit (and to the producer id manager).
    /// </summary>
    public void OnBatchFailed(ProducerBatch batch, KafkaException error)
    {
        if (IsFatal(error.ErrorCode) || error.IsFatal)
        {
            return;
        }

        SetAbortableError(new TransactionAbortableException(error.ErrorCode, $"A record of the transaction for {batch.TopicPartition} failed ({error.ErrorName}: {error.Message}), so it cannot commit: call AbortTransactionAsync and send the records again in a new transaction.", error));
    }

    // KIP-360 (Java TransactionManager.epochBumpRequired): a batch of the transaction that failed after it got a
    // sequence (OUT_OF_ORDER_SEQUENCE_NUMBER, expiry, retries exhausted, a rejected batch) leaves a gap, or an unknown
    // outcome, in its partition's sequences; the next transaction would meet OUT_OF_ORDER there forever. Only a new
    // epoch, with every partition restarting at sequence 0, clears it. Called once the abort's flush has completed
    // every batch of the transaction.
    private void MarkEpochBumpIfSequenceFailed()
    {
        lock (_lock)
        {
            foreach (var (batch, _) in _batches)
            {
                if (batch.Error is not null && batch.HasSequence)
                {
                    _epochBumpRequired = true;
                    return;
                }
            }
        }
    }

    /// <summary>
    /// After EndTxn(abort): InitProducerId(transactional.id, current producer id/epoch) — the coordinator answers the
    /// same id with epoch + 1 (a new id once the epoch is exhausted). Brokers below InitProducerId v3 get the plain
    /// request (<see cref="NetworkCoordinatorTransport"/> drops the pair), which bumps as well. The sender installs the
    /// new pair before draining anything else and each partition restarts at sequence 0. A fencing answer
    /// (PRODUCER_FENCED / INVALID_PRODUCER_EPOCH: a newer producer took the transactional.id) and any other error are
    /// fatal. Bounded by max.block.ms; after a timeout the state stays Aborting and AbortTransactionAsync may be called again.
    /// </summary>
    private async ValueTask BumpEpochAsync(CancellationToken cancellationToken)
    {
        var current = CurrentProducerId;
        var request = new InitProducerIdRequest
        {
            TransactionalId = _transactionalId,
            TransactionTimeoutMs = _transactionTimeoutMs,
            ProducerId = current.ProducerId,
            ProducerEpoch = current.Epoch,
        };
        var response = await CallCoordinatorAsync<InitProducerIdResponse>(null, request, static r => (ErrorCode)r.ErrorCode, NowMs() + _maxBlockMs, cancellationToken).ConfigureAwait(false);
        var code = (ErrorCode)response.ErrorCode;
        if (code != ErrorCode.None)
        {
            var fenced = code is ErrorCode.ProducerFenced or ErrorCode.InvalidProducerEpoch
                ? " Another producer with the same transactional.id has fenced this one."
                : string.Empty;
            throw SetFatalError(new KafkaException(code, $"{ErrorCodes.Name(code)}: the epoch bump after aborting a transaction with a failed record (InitProducerId with producer id {current.ProducerId}, epoch {current.Epoch}) for transactional.id '{_transactionalId}' failed: {ErrorCodes.Get(code).Description}.{fenced}"));
        }

        lock (_lock)
        {
            _producerId = new ProducerIdAndEpoch(response.ProducerId, response.ProducerEpoch);
            _epochBumpRequired = false;
            _lastError = null;
            EpochBumps++;
            Transition(TransactionState.Ready);
        }

        _producerIdChanged(response.ProducerId, response.ProducerEpoch);
    }
}
