using System.Collections.Concurrent;
using Brook.Producer.Accumulator;
using Brook.Producer.Diagnostics;
using Brook.Producer.Idempotence;
using Brook.Producer.Internals;
using Brook.Producer.Memory;
using Brook.Producer.Metadata;
using Brook.Producer.Metrics;
using Brook.Producer.Network;
using Brook.Producer.Sending;
using Brook.Producer.Transactions;
using Microsoft.Extensions.Logging;

namespace Brook.Producer;

/// <summary>
/// A Kafka producer (Java <c>KafkaProducer</c>): <see cref="ProduceAsync(string, Message{TKey, TValue}, CancellationToken)"/>
/// completes on acknowledgement, <see cref="Produce(string, Message{TKey, TValue}, Action{DeliveryResult{TKey, TValue}}?)"/>
/// reports to a callback. Sends return as soon as the record is buffered; one background sender loop batches,
/// compresses and sends. Thread-safe. Create it with <see cref="ProducerBuilder{TKey, TValue}"/>; dispose it to flush
/// (bounded by delivery.timeout.ms) and close connections.
/// </summary>
/// <typeparam name="TKey">Key type.</typeparam>
/// <typeparam name="TValue">Value type.</typeparam>
public sealed partial class KafkaProducer<TKey, TValue> : IAsyncDisposable
{
    private readonly ProducerOptions _options;
    private readonly IAsyncSerializer<TKey>? _keyAsync;
    private readonly ISerializer<TKey>? _key;
    private readonly IAsyncSerializer<TValue>? _valueAsync;
    private readonly ISerializer<TValue>? _value;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly ProducerMetrics _metrics;
    private readonly BufferPool _pool;
    private readonly RecordAccumulator _accumulator;
    private readonly MetadataManager _metadata;
    private readonly NetworkClient? _network;
    private readonly Sender _sender;
    private readonly CompletionDispatcher _dispatcher;
    private readonly TransactionManager? _transactions;
    private readonly ConcurrentQueue<DeliveryHandle<TKey, TValue>> _handles = new();
    private readonly ConcurrentQueue<RecordScratch> _scratch = new();
    private int _disposed;

    internal KafkaProducer(ProducerOptions options, object? keySerializer, object? valueSerializer, ISenderTransport? transport = null, ICoordinatorTransport? coordinatorTransport = null)
    {
        _options = options.Validate();
        (_key, _keyAsync) = Resolve<TKey>(keySerializer, "key");
        (_value, _valueAsync) = Resolve<TValue>(valueSerializer, "value");
        _time = _options.TimeProvider;
        _log = _options.LoggerFactory.CreateLogger(LogCategories.Producer);
        var random = new RandomSource(_options.RandomSeed);
        _metrics = new ProducerMetrics(_options.MeterFactory, _time, _options.MetricsSampleWindowMs, _options.MetricsNumSamples, _options.ClientId);
        _pool = new BufferPool(_options.BufferMemory, _options.BatchSize, _time, _metrics) { Logger = _log };
        _metrics.AttachBufferPool(_pool);
        _dispatcher = new CompletionDispatcher();
        _accumulator = new RecordAccumulator(_options, _pool, random, _metrics) { CompletionSink = _dispatcher };
        if (transport is null)
        {
            _network = new NetworkClient(NetworkSettings.From(_options), BrokerNode.ParseBootstrap(_options.BootstrapServers), random);
            transport = _network;
        }

        _metadata = new MetadataManager(transport, MetadataSettings.From(_options), _time, random);
        _ = new MetadataChangeLogger(_metadata, _options.LoggerFactory.CreateLogger(LogCategories.Metadata));
        if (_network is not null)
        {
            // Java requests a metadata update on any disconnect: the node may have lost leadership or left.
            _network.Disconnected += (_, _) => _metadata.RequestUpdate();
        }

        _sender = new Sender(_options, _accumulator, _metadata, transport, _metrics);
        if (_options.TransactionalId is not null)
        {
            // Transactions: the producer id comes from InitProducerId (the manager); a partition's batches wait at drain
            // until AddPartitionsToTxn added it.
            var sequencer = new IdempotentSequencer(transactional: true);
            coordinatorTransport ??= _network is not null
                ? new NetworkCoordinatorTransport(_network)
                : throw new ArgumentException("A transactional producer over a custom transport needs a coordinator transport.", nameof(coordinatorTransport));
            _transactions = new TransactionManager(_options, coordinatorTransport, this, random, (_, _) => _sender.Wakeup());
            _accumulator.Sequencer = new TransactionalDrainGate(sequencer, _transactions);
            _sender.Idempotence = new ProducerIdManager(sequencer, new TransactionalProducerIdSource(_transactions))
            {
                BatchFailed = _transactions.OnBatchFailed,
                Logger = _options.LoggerFactory.CreateLogger(LogCategories.Idempotence),
            };
        }
        else if (_options.EnableIdempotence == true)
        {
            // Idempotence (on by default): InitProducerId before the first drain, sequences stamped at drain (§5, §9).
            var sequencer = new IdempotentSequencer(transactional: false);
            _accumulator.Sequencer = sequencer;
            var source = new InitProducerIdSource(transport, ExponentialBackoff.ForRetries(_options, random), _sender.Wakeup);
            _sender.Idempotence = new ProducerIdManager(sequencer, source) { Logger = _options.LoggerFactory.CreateLogger(LogCategories.Idempotence) };
        }

        _sender.Start();
        ProducerLog.Created(_log, _options.ClientId, _options.BootstrapServers, _options.Acks, _options.EnableIdempotence == true, _options.TransactionalId);
    }

    /// <summary>The effective (validated) options.</summary>
    public ProducerOptions Options => _options;

    /// <summary>A snapshot of the producer's metrics (Java names), readable without a listener.</summary>
    public ProducerMetricsSnapshot GetMetrics() => _metrics.Snapshot();

    /// <summary>
    /// Waits until every record sent before this call completed (acknowledged or failed): a checkpoint — records sent
    /// later are not awaited, and linger.ms is not waited for. Cancellation stops the wait; the records keep going.
    /// </summary>
    public async ValueTask FlushAsync(CancellationToken cancellationToken = default)
    {
        var started = _time.GetTimestamp();
        await WaitForPendingSendsAsync(cancellationToken).ConfigureAwait(false);
        _accumulator.BeginFlush();
        _sender.Wakeup();
        try
        {
            await _accumulator.AwaitFlushCompletionAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _metrics.RecordFlush((long)(_time.GetElapsedTime(started).TotalMilliseconds * 1_000_000));
        }
    }

    internal void ReturnHandle(DeliveryHandle<TKey, TValue> handle) => _handles.Enqueue(handle);

    private static (ISerializer<T>? Sync, IAsyncSerializer<T>? Async) Resolve<T>(object? serializer, string what) => serializer switch
    {
        ISerializer<T> sync => (sync, null),
        IAsyncSerializer<T> async => (null, async),
        null => (DefaultSerializers.For<T>() ?? throw new ArgumentException(
            $"No default {what} serializer for {typeof(T).Name}; set one with ProducerBuilder.Set{(what == "key" ? "Key" : "Value")}Serializer (e.g. a JsonSerializer<{typeof(T).Name}>).", what), null),
        _ => throw new ArgumentException($"The {what} serializer must implement ISerializer<{typeof(T).Name}> or IAsyncSerializer<{typeof(T).Name}>.", what),
    };
}
