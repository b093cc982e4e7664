using Brook.Producer.Accumulator;
using Brook.Producer.Idempotence;
using Brook.Producer.Internals;
using Brook.Protocol.Errors;

namespace Brook.Producer.Transactions;

/// <summary>
/// The transactional producer's coordinator side (Java <c>TransactionManager</c>; producer-algorithms.md transactions,
/// broker-semantics.md coordinator): an explicit state machine (<see cref="TransactionState"/>, transitions in
/// <see cref="IsValidTransition"/>), FindCoordinator/InitProducerId, AddPartitionsToTxn ahead of each partition's first
/// batch (<see cref="TransactionalDrainGate"/> holds the batch back until then), AddOffsetsToTxn + TxnOffsetCommit, and
/// EndTxn. Coordinator requests retry COORDINATOR_NOT_AVAILABLE / NOT_COORDINATOR (re-finding the coordinator),
/// COORDINATOR_LOAD_IN_PROGRESS and CONCURRENT_TRANSACTIONS with backoff. Fatal errors (fenced, not authorized) poison the
/// producer; abortable ones leave only AbortTransactionAsync. Thread-safe: one short leaf lock guards the partition sets;
/// user operations (init, commit, abort, send offsets) run one at a time.
/// </summary>
internal sealed partial class TransactionManager
{
    private readonly string _transactionalId;
    private readonly int _transactionTimeoutMs;
    private readonly long _maxBlockMs;
    private readonly long _deliveryTimeoutMs;
    private readonly ICoordinatorTransport _transport;
    private readonly ITransactionHost _host;
    private readonly TimeProvider _time;
    private readonly Microsoft.Extensions.Logging.ILogger _log;
    private readonly ExponentialBackoff _retryBackoff;
    private readonly ExponentialBackoff _concurrentBackoff;
    private readonly Action<long, short> _producerIdChanged;
    private readonly Lock _lock = new();
    private readonly HashSet<TopicPartition> _inTransaction = [];
    private readonly HashSet<TopicPartition> _pending = [];
    private List<(ProducerBatch Batch, int Generation)> _batches = []; // each held until the transaction ends
    private List<(ProducerBatch Batch, int Generation)> _spareBatches = []; // the list the last ended transaction emptied
    private ProducerIdAndEpoch _producerId = ProducerIdAndEpoch.None;
    private volatile TransactionState _state = TransactionState.Uninitialized;
    private KafkaException? _lastError;
    private Task _adding = Task.CompletedTask;
    private bool _addLoopRunning;
    private bool _offsetsAdded;
    private bool _epochBumpRequired;
    private int _operationRunning;

    /// <summary>Creates the manager from validated options (transactional.id must be set).</summary>
    /// <param name="options">Validated producer options.</param>
    /// <param name="transport">Coordinator requests.</param>
    /// <param name="host">Flush / abort hooks into the producer.</param>
    /// <param name="random">Backoff jitter.</param>
    /// <param name="producerIdChanged">Told the producer id and epoch from InitProducerId (wakes the sender, whose <see cref="TransactionalProducerIdSource"/> picks them up).</param>
    public TransactionManager(ProducerOptions options, ICoordinatorTransport transport, ITransactionHost host, RandomSource random, Action<long, short> producerIdChanged)
    {
        ArgumentNullException.ThrowIfNull(options);
        _transactionalId = options.TransactionalId ?? throw new ArgumentException("A transaction manager needs transactional.id.", nameof(options));
        _transactionTimeoutMs = options.TransactionTimeoutMs;
        _maxBlockMs = options.MaxBlockMs;
        _deliveryTimeoutMs = options.DeliveryTimeoutMs ?? ProducerOptions.DefaultDeliveryTimeoutMs;
        _transport = transport;
        _host = host;
        _time = options.TimeProvider;
        _log = options.LoggerFactory.CreateLogger(Diagnostics.LogCategories.Transactions);
        _retryBackoff = new ExponentialBackoff(options.RetryBackoffMs, options.RetryBackoffMaxMs, random);

        // Java retries CONCURRENT_TRANSACTIONS after a short 20 ms: the previous transaction's markers are usually done by then.
        _concurrentBackoff = new ExponentialBackoff(Math.Min(20, Math.Max(1, options.RetryBackoffMs)), options.RetryBackoffMaxMs, random);
        _producerIdChanged = producerIdChanged;
    }

    /// <summary>The current state.</summary>
    public TransactionState State => _state;

    /// <summary>The transactional.id.</summary>
    public string TransactionalId => _transactionalId;

    /// <summary>The producer id from InitProducerId (-1 before).</summary>
    public long ProducerId => CurrentProducerId.ProducerId;

    /// <summary>The producer epoch from InitProducerId (-1 before).</summary>
    public short ProducerEpoch => CurrentProducerId.Epoch;

    /// <summary>The producer id and epoch from InitProducerId (<see cref="ProducerIdAndEpoch.None"/> before); read atomically.</summary>
    public ProducerIdAndEpoch CurrentProducerId
    {
        get
        {
            lock (_lock)
            {
                return _producerId;
            }
        }
    }

    /// <summary>The error behind AbortableError or FatalError, else null.</summary>
    public KafkaException? LastError => Volatile.Read(ref _lastError);

    /// <summary>
    /// The allowed transitions. Any state may go to FatalError; AbortableError only from an open or committing
    /// transaction; an interrupted (cancelled, timed out) init, commit or abort may be called again.
    /// </summary>
    public static bool IsValidTransition(TransactionState from, TransactionState to) => (from, to) switch
    {
        (_, TransactionState.FatalError) => true,
        (TransactionState.Uninitialized or TransactionState.Initializing, TransactionState.Initializing) => true,
        (TransactionState.Initializing, TransactionState.Ready) => true,
        (TransactionState.Ready, TransactionState.InTransaction) => true,
        (TransactionState.InTransaction or TransactionState.Committing, TransactionState.Committing) => true,
        (TransactionState.Committing, TransactionState.Ready) => true,
        (TransactionState.InTransaction or TransactionState.AbortableError or TransactionState.Aborting, TransactionState.Aborting) => true,
        (TransactionState.Aborting, TransactionState.Ready) => true,
        (TransactionState.InTransaction or TransactionState.Committing or TransactionState.AbortableError, TransactionState.AbortableError) => true,
        _ => false,
    };

    /// <summary>Opens a transaction (local only: the coordinator hears of it with the first AddPartitionsToTxn).</summary>
    public void BeginTransaction()
    {
        lock (_lock)
        {
            ThrowIfErrorState();
            if (_state != TransactionState.Ready)
            {
                throw new InvalidOperationException(_state == TransactionState.InTransaction
                    ? $"A transaction is already open on transactional.id '{_transactionalId}': commit or abort it before beginning another."
                    : $"BeginTransaction is not allowed in state {_state}: call InitTransactionsAsync first (once), and finish the previous commit or abort.");
            }

            Transition(TransactionState.InTransaction);
        }
    }

    /// <summary>Throws unless a send is allowed now (a transaction is open). Called on every send; a volatile read when fine.</summary>
    public void EnsureSendAllowed()
    {
        var state = _state;
        if (state == TransactionState.InTransaction)
        {
            return;
        }

        ThrowSendNotAllowed(state);
    }

    /// <summary>
    /// A batch was created by the current transaction's sends: track its outcome and add its partition. Takes a hold on
    /// the batch (released when the transaction ends), so call it while the caller still holds the batch.
    /// </summary>
    public void OnBatchCreated(ProducerBatch batch)
    {
        lock (_lock)
        {
            batch.Hold();
            _batches.Add((batch, batch.Generation));
        }

        MaybeAddPartition(batch.TopicPartition);
    }

    private void ThrowSendNotAllowed(TransactionState state)
    {
        lock (_lock)
        {
            ThrowIfErrorState();
        }

        throw new InvalidOperationException(state switch
        {
            TransactionState.Uninitialized or TransactionState.Initializing =>
                $"This producer is transactional (transactional.id '{_transactionalId}'): call InitTransactionsAsync once, then BeginTransaction before sending.",
            TransactionState.Ready =>
                $"Cannot send outside a transaction on a transactional producer (transactional.id '{_transactionalId}'): call BeginTransaction first.",
            _ => $"Cannot send while the transaction is {(state == TransactionState.Committing ? "committing" : "aborting")}: wait for it to finish and BeginTransaction again.",
        });
    }

    // Caller holds _lock.
    private void ThrowIfErrorState()
    {
        var error = _lastError;
        if (_state == TransactionState.FatalError && error is not null)
        {
            throw new FatalException(error.ErrorCode, $"The transactional producer is unusable: {error.Message}", error);
        }

        if (_state == TransactionState.AbortableError && error is not null)
        {
            throw new TransactionAbortableException(error.ErrorCode, $"The transaction must be aborted: {error.Message} Call AbortTransactionAsync, then BeginTransaction again.", error);
        }
    }

    // Caller holds _lock.
    private void Transition(TransactionState to)
    {
        if (!IsValidTransition(_state, to))
        {
            throw new InvalidOperationException($"Invalid transaction state transition {_state} -> {to} (transactional.id '{_transactionalId}').");
        }

        Diagnostics.TransactionLog.StateChanged(_log, _transactionalId, _state, to);
        _state = to;
    }

    private void EnterOperation(string name)
    {
        if (Interlocked.Exchange(ref _operationRunning, 1) != 0)
        {
            throw new InvalidOperationException($"{name} was called while another transactional operation (init, commit, abort or send offsets) is still running; await it first.");
        }
    }

    private void ExitOperation() => Volatile.Write(ref _operationRunning, 0);

    /// <summary>Moves to AbortableError (unless already aborting or fatal) and fails the unsent batches.</summary>
    private void SetAbortableError(KafkaException error)
    {
        TransactionAbortableException abortable;
        lock (_lock)
        {
            if (_state is TransactionState.FatalError or TransactionState.Aborting or TransactionState.Ready or TransactionState.Uninitialized or TransactionState.Initializing)
            {
                return;
            }

            abortable = error as TransactionAbortableException ?? new TransactionAbortableException(error.ErrorCode, error.Message, error);
            _lastError = abortable;
            Transition(TransactionState.AbortableError);
        }

        // Outside the lock, with the error decided under it (a racing fatal error must not swap it).
        _host.AbortUndrainedBatches(abortable);
    }

    /// <summary>Moves to FatalError for good and fails the unsent batches.</summary>
    private FatalException SetFatalError(KafkaException error)
    {
        FatalException fatal;
        lock (_lock)
        {
            if (_state == TransactionState.FatalError && _lastError is FatalException existing)
            {
                return existing;
            }

            fatal = error as FatalException ?? new FatalException(error.ErrorCode, $"{error.Message} The producer is unusable: dispose it (a newer producer with transactional.id '{_transactionalId}' may have fenced it).", error);
            _lastError = fatal;
            Transition(TransactionState.FatalError);
        }

        _host.AbortUndrainedBatches(fatal);
        return fatal;
    }

    private static bool IsFatal(ErrorCode code) => code is ErrorCode.ProducerFenced or ErrorCode.InvalidProducerEpoch
        or ErrorCode.TransactionalIdAuthorizationFailed or ErrorCode.ClusterAuthorizationFailed or ErrorCode.UnsupportedVersion
        or ErrorCode.UnsupportedForMessageFormat or ErrorCode.InvalidTxnState or ErrorCode.TransactionalIdNotFound;

    private long NowMs() => _time.GetUtcNow().ToUnixTimeMilliseconds();
}
