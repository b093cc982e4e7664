using Brook.Protocol.Errors;
using Brook.Protocol.Messages;

namespace Brook.Producer.Transactions;

internal sealed partial class TransactionManager
{
    /// <summary>
    /// FindCoordinator(transaction) then InitProducerId(transactional.id, transaction.timeout.ms): fences older producers
    /// with the same transactional.id (the coordinator bumps the epoch and aborts their open transaction) and gives the
    /// producer id/epoch to the sequencer. Bounded by max.block.ms; may be called again after a timeout or cancellation.
    /// </summary>
    public async ValueTask InitTransactionsAsync(CancellationToken cancellationToken)
    {
        EnterOperation(nameof(InitTransactionsAsync));
        try
        {
            lock (_lock)
            {
                ThrowIfErrorState();
                if (_state is not (TransactionState.Uninitialized or TransactionState.Initializing))
                {
                    throw new InvalidOperationException($"InitTransactionsAsync was already called on transactional.id '{_transactionalId}' (state {_state}); call it once per producer.");
                }

                Transition(TransactionState.Initializing);
            }

            var deadline = NowMs() + _maxBlockMs;
            var request = new InitProducerIdRequest { TransactionalId = _transactionalId, TransactionTimeoutMs = _transactionTimeoutMs, ProducerId = -1, ProducerEpoch = -1 };
            var response = await CallCoordinatorAsync<InitProducerIdResponse>(null, request, static r => (ErrorCode)r.ErrorCode, deadline, cancellationToken).ConfigureAwait(false);
            var code = (ErrorCode)response.ErrorCode;
            if (code != ErrorCode.None)
            {
                var error = new KafkaException(code, $"{ErrorCodes.Name(code)}: InitProducerId for transactional.id '{_transactionalId}' failed: {ErrorCodes.Get(code).Description}");
                throw SetFatalError(error);
            }

            lock (_lock)
            {
                _producerId = new Idempotence.ProducerIdAndEpoch(response.ProducerId, response.ProducerEpoch);
                Transition(TransactionState.Ready);
            }

            _producerIdChanged(response.ProducerId, response.ProducerEpoch);
        }
        finally
        {
            ExitOperation();
        }
    }
}
