using System.Collections.Concurrent;
using Brook.Producer.Accumulator;
using Brook.Producer.Idempotence;
using Brook.Producer.Metadata;
using Brook.Producer.Metrics;
using Brook.Producer.Network;

namespace Brook.Producer.Sending;

/// <summary>
/// The producer's one background loop (Java <c>Sender</c>, producer-algorithms.md §4-§8, §13): metadata for unknown
/// leaders, ready check, per-node drain, one Produce request per node, response handling (success, retry with KIP-580
/// backoff, KIP-951 leader hints, failure), delivery.timeout.ms expiry of queued and in-flight batches. All state here is
/// touched only by whoever holds the pass token (Sender.Passes.cs): the loop thread, or a connection's reader that
/// runs one pass for the answers it just read while the loop sleeps; other completions are queued for the next pass.
/// Tests drive <see cref="RunOnceAsync"/> directly (never after <see cref="Start"/>) with a fake clock and a fake
/// <see cref="ISenderTransport"/>.
/// </summary>
internal sealed partial class Sender : IAsyncDisposable
{
    private readonly RecordAccumulator _accumulator;
    private readonly MetadataManager _metadata;
    private readonly ISenderTransport _transport;
    private readonly ProducerMetrics? _metrics;
    private readonly TimeProvider _time;
    private readonly Microsoft.Extensions.Logging.ILogger _log;
    private readonly WakeSignal _wake;
    private readonly ConcurrentQueue<InFlightProduce> _completed = new();
    private readonly Dictionary<int, List<InFlightProduce>> _inFlight = [];
    private readonly Stack<InFlightProduce> _spareRequests = new();
    private readonly List<int> _sendable = [];
    private readonly ProduceRequestBuilder _requests;
    private readonly CancellationTokenSource _stop = new();
    private readonly short _acks;
    private readonly int _requestTimeoutMs;
    private readonly int _deliveryTimeoutMs;
    private readonly int _retries;
    private readonly int _maxRequestSize;
    private readonly int _maxInFlight;
    private readonly long _retryBackoffMs;
    private readonly string? _transactionalId;
    private ProducerIdManager? _idempotence;
    private InFlightProduce? _metadataInFlight;
    private readonly TaskCompletionSource _loopDone = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly int _lingerMs;
    private Task _loop = Task.CompletedTask;
    private volatile bool _running;

    /// <summary>Creates the sender from validated options; it drives <paramref name="metadata"/>'s refreshes over <paramref name="transport"/>.</summary>
    public Sender(ProducerOptions options, RecordAccumulator accumulator, MetadataManager metadata, ISenderTransport transport, ProducerMetrics? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _accumulator = accumulator;
        _metadata = metadata;
        _transport = transport;
        _metrics = metrics;
        _time = options.TimeProvider;
        _wake = new WakeSignal(_time);
        _log = options.LoggerFactory.CreateLogger(Diagnostics.LogCategories.Sender);
        _acks = (short)options.Acks;
        _requestTimeoutMs = options.RequestTimeoutMs;
        _deliveryTimeoutMs = options.DeliveryTimeoutMs ?? ProducerOptions.DefaultDeliveryTimeoutMs;
        _retries = options.Retries;
        _maxRequestSize = options.MaxRequestSize;
        _maxInFlight = Math.Max(1, options.MaxInFlightRequestsPerConnection);
        _retryBackoffMs = options.RetryBackoffMs;
        _lingerMs = options.LingerMs;
        _transactionalId = options.TransactionalId;
        _requests = new ProduceRequestBuilder(_acks, _requestTimeoutMs, _transactionalId, transport.FramesRequestsOnSend);
        _metadata.UpdateWanted += Wakeup; // a send waiting for a topic, or a leader error, wants metadata now
    }

    /// <summary>
    /// The idempotent producer's state (producer id, sequences, KIP-360 bumps), told every batch outcome
    /// (<see cref="IBatchOutcomeListener"/>); null for a plain producer. Give its sequencer to the accumulator.
    /// </summary>
    public ProducerIdManager? Idempotence
    {
        get => _idempotence;
        set => _idempotence = value;
    }

    /// <summary>Produce requests in flight (all nodes).</summary>
    public int InFlightRequestCount
    {
        get
        {
            var count = 0;
            foreach (var list in _inFlight.Values)
            {
                count += list.Count;
            }

            return count;
        }
    }

    /// <summary>True when nothing is queued or in flight.</summary>
    public bool IsIdle => _accumulator.IncompleteCount == 0;

    /// <summary>Wakes the loop: a batch became ready, a flush started, a response or metadata arrived. Never allocates.</summary>
    public void Wakeup() => _wake.Set();

    /// <summary>
    /// Starts the loop on its own thread (Java's I/O thread): it blocks between passes instead of awaiting, so a wake-up
    /// is one futex wake of this thread rather than a thread-pool work item plus a worker spinning for more work.
    /// </summary>
    public void Start()
    {
        _running = true;
        _inlinePasses = true;
        _loop = _loopDone.Task;
        var thread = new Thread(static s => ((Sender)s!).Loop()) { IsBackground = true, Name = "Brook producer sender" };
        thread.Start(this);
    }

    /// <summary>
    /// Stops the loop after everything completed or after <paramref name="timeoutMs"/>: then fails what remains with a
    /// "producer closed" error (NotPersisted if never sent, PossiblyPersisted if in flight). Bounded.
    /// </summary>
    public async ValueTask CloseAsync(long timeoutMs)
    {
        _accumulator.Close();
        Wakeup();
        var deadline = NowMs() + timeoutMs;
        while (_running && !IsIdle && NowMs() < deadline && !_loop.IsCompleted)
        {
            var wait = Task.Delay(TimeSpan.FromMilliseconds(Math.Clamp(deadline - NowMs(), 1, 20)), _time);
            await wait.ConfigureAwait(false);
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        Wakeup();
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The loop ends by cancellation.
        }

        TakePassesForGood(); // no pass on a reader thread from here on: the rest runs on this thread alone
        FailEverything(new KafkaException("The producer was closed before these records were acknowledged (dispose timed out); they were not retried. Flush before disposing, or give dispose more time."));
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await CloseAsync(0).ConfigureAwait(false);
        _stop.Dispose();
        _wake.Dispose();
    }

    private void Loop()
    {
        var token = _stop.Token;
        try
        {
            while (!token.IsCancellationRequested)
            {
                RunPasses();
                if (!token.IsCancellationRequested)
                {
                    SleepUntilDue();
                }
            }
        }
        finally
        {
            _running = false;
            _loopDone.TrySetResult();
        }
    }

    private long NowMs() => _time.GetUtcNow().ToUnixTimeMilliseconds();
}
