using Brook.Producer.Accumulator;
using Brook.Protocol.Errors;
using Brook.Protocol.Messages;

namespace Brook.Producer.Transactions;

internal sealed partial class TransactionManager
{
    /// <summary>
    /// Flushes every record of the transaction, then EndTxn(commit). A record that failed makes the transaction
    /// abortable (TransactionAbortableException; call AbortTransactionAsync) or, when fenced, fatal. Bounded by
    /// max.block.ms for EndTxn; after a timeout or cancellation call it again (the state stays Committing).
    /// </summary>
    public async ValueTask CommitTransactionAsync(CancellationToken cancellationToken)
    {
        EnterOperation(nameof(CommitTransactionAsync));
        try
        {
            lock (_lock)
            {
                ThrowIfErrorState();
                if (_state is not (TransactionState.InTransaction or TransactionState.Committing))
                {
                    throw new InvalidOperationException($"CommitTransactionAsync needs an open transaction (state {_state}): call BeginTransaction first.");
                }

                Transition(TransactionState.Committing);
            }

            await _host.FlushAsync(cancellationToken).ConfigureAwait(false);
            await AddingPartitions().WaitAsync(cancellationToken).ConfigureAwait(false);
            ThrowIfBatchFailed();
            lock (_lock)
            {
                ThrowIfErrorState();
            }

            await EndTransactionAsync(commit: true, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            ExitOperation();
        }
    }

    /// <summary>
    /// Fails the records not yet sent (TransactionAbortableException "aborted before it was sent"), waits for the ones in
    /// flight, then EndTxn(abort): read_committed consumers never see the transaction's records. Allowed in
    /// InTransaction and AbortableError; after a timeout or cancellation call it again.
    /// </summary>
    public async ValueTask AbortTransactionAsync(CancellationToken cancellationToken)
    {
        EnterOperation(nameof(AbortTransactionAsync));
        try
        {
            lock (_lock)
            {
                if (_state == TransactionState.FatalError)
                {
                    ThrowIfErrorState();
                }

                if (_state is not (TransactionState.InTransaction or TransactionState.AbortableError or TransactionState.Aborting))
                {
                    throw new InvalidOperationException(_state == TransactionState.Committing
                        ? "AbortTransactionAsync cannot follow a commit that was interrupted: call CommitTransactionAsync again to finish it."
                        : $"AbortTransactionAsync needs an open transaction (state {_state}).");
                }

                Transition(TransactionState.Aborting);
            }

            // Sends made before the abort that still wait for metadata or memory join their batches first, so none is
            // appended after the unsent batches were dropped (it could never be sent: its partition would not be added).
            await _host.WaitForPendingSendsAsync(cancellationToken).ConfigureAwait(false);
            _host.AbortUndrainedBatches(new TransactionAbortableException(
                ErrorCode.OperationNotAttempted,
                $"The transaction of transactional.id '{_transactionalId}' was aborted before this record was sent; it was not written. Send it again in a new transaction."));
            await _host.FlushAsync(cancellationToken).ConfigureAwait(false);
            await AddingPartitions().WaitAsync(cancellationToken).ConfigureAwait(false);
            MarkEpochBumpIfSequenceFailed();
            await EndTransactionAsync(commit: false, cancellationToken).ConfigureAwait(false);
            if (IsEpochBumpRequired)
            {
                await BumpEpochAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            ExitOperation();
        }
    }

    // The transaction is over: its batches are released (a pooled batch may be recycled now) outside _lock, which the
    // drain takes under each deque lock: recycling takes the batch pool's lock and must not stall the drain behind it.
    private void ReleaseBatches(List<(ProducerBatch Batch, int Generation)> ended)
    {
        foreach (var (batch, generation) in ended)
        {
            batch.Release(generation);
        }

        ended.Clear();
    }

    private void ThrowIfBatchFailed()
    {
        KafkaException? failed = null;
        lock (_lock)
        {
            foreach (var (batch, _) in _batches)
            {
                if (batch.Error is { } error && (failed is null || IsFatal(error.ErrorCode)))
                {
                    failed = error;
                }
            }
        }

        if (failed is null)
        {
            return;
        }

        if (IsFatal(failed.ErrorCode))
        {
            throw SetFatalError(new KafkaException(failed.ErrorCode, $"A record of the transaction failed with {failed.ErrorName}: {failed.Message}", failed));
        }

        var abortable = new TransactionAbortableException(failed.ErrorCode, $"A record of the transaction failed ({failed.ErrorName}: {failed.Message}), so it cannot commit: call AbortTransactionAsync and send the records again in a new transaction.", failed);
        SetAbortableError(abortable);
        throw abortable;
    }

    private async ValueTask EndTransactionAsync(bool commit, CancellationToken cancellationToken)
    {
        bool started;
        List<(ProducerBatch Batch, int Generation)> ended;
        lock (_lock)
        {
            started = _inTransaction.Count > 0 || _offsetsAdded;
        }

        // A transaction that touched no partition and no offsets never reached the coordinator: nothing to end.
        if (started)
        {
            var request = new EndTxnRequest { TransactionalId = _transactionalId, ProducerId = ProducerId, ProducerEpoch = ProducerEpoch, Committed = commit };
            var response = await CallCoordinatorAsync<EndTxnResponse>(null, request, static r => (ErrorCode)r.ErrorCode, NowMs() + _maxBlockMs, cancellationToken).ConfigureAwait(false);
            var code = (ErrorCode)response.ErrorCode;
            if (code != ErrorCode.None)
            {
                // EndTxn has no abortable outcome: the coordinator's state for this producer is no longer ours (Java: fatal).
                throw SetFatalError(new KafkaException(code, $"{ErrorCodes.Name(code)}: EndTxn({(commit ? "commit" : "abort")}) for transactional.id '{_transactionalId}' failed: {ErrorCodes.Get(code).Description}"));
            }
        }

        lock (_lock)
        {
            _inTransaction.Clear();
            _pending.Clear();
            ended = _batches;
            _batches = _spareBatches; // one transaction ends at a time: the spare is free until the release below ends
            _offsetsAdded = false;

            // After an abort that needs a KIP-360 bump the state stays Aborting until the bump succeeded (a retried
            // abort then sends no second EndTxn: the partition sets are already cleared).
            if (commit || !_epochBumpRequired)
            {
                _lastError = null;
                Transition(TransactionState.Ready);
            }
        }

        ReleaseBatches(ended);
        lock (_lock)
        {
            _spareBatches = ended;
        }
    }
}
