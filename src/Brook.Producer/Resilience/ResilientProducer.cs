using System.Diagnostics.Metrics;
using Brook.Producer.Diagnostics;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.CircuitBreaker;

namespace Brook.Producer;

/// <summary>
/// A <see cref="KafkaProducer{TKey, TValue}"/> behind an opt-in circuit breaker and dead-letter queue
/// (<see cref="ResilienceOptions"/>). <see cref="ProduceAsync(TopicPartition, Message{TKey, TValue}, CancellationToken)"/>
/// runs the send through the breaker (Polly.Core); a record whose delivery finally failed goes to the dead-letter topic
/// and the call returns that delivery's result (its <see cref="DeliveryResult{TKey, TValue}.Topic"/> is the dead-letter
/// topic). Only <c>ProduceAsync</c> is offered: the breaker needs each send's outcome. Create it with
/// <see cref="ResilienceExtensions.WithResilience{TKey, TValue}"/> or
/// <see cref="ProducerBuilder{TKey, TValue}.BuildResilient(ResilienceOptions)"/>. Thread-safe; each send costs an async
/// state machine and, with a breaker, a pooled Polly context. Its counts are also published as instruments on the meter
/// <c>Brook.Producer.Resilience</c> (dead-letter-total, dead-letter-error-total, circuit-rejected-total,
/// circuit-open-total, circuit-state).
/// </summary>
/// <typeparam name="TKey">Key type.</typeparam>
/// <typeparam name="TValue">Value type.</typeparam>
public sealed partial class ResilientProducer<TKey, TValue> : IAsyncDisposable, IResilienceCounts
{
    private readonly KafkaProducer<TKey, TValue>? _producer;
    private readonly bool _ownsProducer;
    private readonly Func<TopicPartition, Message<TKey, TValue>, CancellationToken, ValueTask<DeliveryResult<TKey, TValue>>> _send;
    private readonly ResiliencePipeline? _pipeline;
    private readonly CircuitBreakerStateProvider? _circuit;
    private readonly ProducerCircuitBreakerOptions? _breaker;
    private readonly Func<KafkaException, bool> _shouldTrip;
    private readonly DeadLetterOptions? _deadLetter;
    private readonly Func<KafkaException, bool> _shouldDeadLetter;
    private readonly ILogger _log;
    private long _deadLettered;
    private long _deadLetterFailed;
    private long _rejectedByCircuit;
    private long _circuitOpenings;
    private readonly ResilienceMetrics _metrics;
    private volatile Exception? _openingCause;

    /// <summary>Wraps <paramref name="producer"/>; disposing this disposes it when <paramref name="ownsProducer"/> is true.</summary>
    /// <param name="producer">The producer every send (and every dead-letter send) goes to.</param>
    /// <param name="options">Breaker and dead-letter settings (validated here).</param>
    /// <param name="ownsProducer">Whether <see cref="DisposeAsync"/> disposes <paramref name="producer"/>.</param>
    /// <exception cref="ArgumentException">The options are out of range, or the producer is transactional with a dead-letter queue.</exception>
    public ResilientProducer(KafkaProducer<TKey, TValue> producer, ResilienceOptions options, bool ownsProducer = true)
        : this(
            (producer ?? throw new ArgumentNullException(nameof(producer))).ProduceAsync,
            options,
            options?.TimeProvider ?? producer.Options.TimeProvider,
            options?.LoggerFactory ?? producer.Options.LoggerFactory,
            options?.MeterFactory ?? producer.Options.MeterFactory,
            producer.Options.ClientId)
    {
        if (producer.Options.TransactionalId is not null && options!.DeadLetter is not null)
        {
            throw new ArgumentException("A dead-letter queue cannot be used with a transactional producer: a failed record makes the transaction abortable, and the dead-letter record would be aborted with it. Handle failures by aborting and retrying the transaction.", nameof(producer));
        }

        _producer = producer;
        _ownsProducer = ownsProducer;
    }

    /// <summary>For tests: sends through <paramref name="send"/> instead of a producer.</summary>
    internal ResilientProducer(
        Func<TopicPartition, Message<TKey, TValue>, CancellationToken, ValueTask<DeliveryResult<TKey, TValue>>> send,
        ResilienceOptions options,
        TimeProvider timeProvider,
        ILoggerFactory loggerFactory,
        IMeterFactory? meterFactory = null,
        string? clientId = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _send = send;
        _log = loggerFactory.CreateLogger(LogCategories.Resilience);
        _deadLetter = options.DeadLetter;
        _shouldDeadLetter = _deadLetter?.ShouldDeadLetter ?? DeadLetterOptions.IsDeadLetterable;
        _breaker = options.CircuitBreaker;
        _shouldTrip = _breaker?.ShouldTrip ?? ProducerCircuitBreakerOptions.IsClusterFailure;
        if (_breaker is not null)
        {
            _circuit = new CircuitBreakerStateProvider();
            _pipeline = BuildPipeline(_breaker, _circuit, timeProvider);
        }

        _metrics = new ResilienceMetrics(meterFactory ?? options.MeterFactory, clientId, this);
    }

    /// <summary>The wrapped producer (null only in tests).</summary>
    public KafkaProducer<TKey, TValue>? Producer => _producer;

    /// <summary>The breaker's state (<see cref="CircuitState.Closed"/> when there is no breaker).</summary>
    public CircuitState CircuitState => _circuit?.CircuitState ?? CircuitState.Closed;

    /// <summary>Records written to the dead-letter topic.</summary>
    public long DeadLetteredCount => Interlocked.Read(ref _deadLettered);

    /// <summary>Records whose dead-letter send failed too (their original error was thrown).</summary>
    public long DeadLetterFailedCount => Interlocked.Read(ref _deadLetterFailed);

    /// <summary>Sends refused because the circuit was open.</summary>
    public long RejectedByCircuitCount => Interlocked.Read(ref _rejectedByCircuit);

    /// <summary>Times the circuit opened.</summary>
    public long CircuitOpenings => Interlocked.Read(ref _circuitOpenings);

    /// <summary>As <see cref="ProduceAsync(TopicPartition, Message{TKey, TValue}, CancellationToken)"/> with the partitioner choosing.</summary>
    /// <exception cref="ProduceException{TKey, TValue}">Delivery failed and was not dead-lettered.</exception>
    /// <exception cref="BrokenCircuitException">The circuit is open; the record was not sent.</exception>
    public ValueTask<DeliveryResult<TKey, TValue>> ProduceAsync(string topic, Message<TKey, TValue> message, CancellationToken cancellationToken = default) =>
        ProduceAsync(new TopicPartition(topic, Partition.Any), message, cancellationToken);

    /// <summary>
    /// Sends a record through the circuit breaker and completes when it was acknowledged — or, if its delivery finally
    /// failed and a dead-letter queue is set, when the dead-letter copy was acknowledged (the result then names the
    /// dead-letter topic, partition and offset).
    /// </summary>
    /// <exception cref="ProduceException{TKey, TValue}">Delivery failed and was not dead-lettered (no queue, the error is not dead-letterable, or the dead-letter send failed too).</exception>
    /// <exception cref="BrokenCircuitException">The circuit is open; the record was not sent (the message names the failure that opened it).</exception>
    /// <exception cref="KafkaTimeoutException">Metadata did not arrive within max.block.ms.</exception>
    /// <exception cref="BufferExhaustedException">No buffer memory within max.block.ms.</exception>
    public async ValueTask<DeliveryResult<TKey, TValue>> ProduceAsync(TopicPartition topicPartition, Message<TKey, TValue> message, CancellationToken cancellationToken = default)
    {
        try
        {
            return _pipeline is null
                ? await _send(topicPartition, message, cancellationToken).ConfigureAwait(false)
                : await _pipeline.ExecuteAsync(
                    static (state, token) => state.Send(state.TopicPartition, state.Message, token),
                    new SendState(_send, topicPartition, message),
                    cancellationToken).ConfigureAwait(false);
        }
        catch (BrokenCircuitException open)
        {
            Interlocked.Increment(ref _rejectedByCircuit);
            throw CircuitOpen(open);
        }
        catch (ProduceException<TKey, TValue> failed) when (ShouldDeadLetter(topicPartition.Topic, failed))
        {
            return await DeadLetterAsync(failed, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Flushes the wrapped producer (<see cref="KafkaProducer{TKey, TValue}.FlushAsync"/>).</summary>
    public ValueTask FlushAsync(CancellationToken cancellationToken = default) =>
        _producer?.FlushAsync(cancellationToken) ?? ValueTask.CompletedTask;

    /// <summary>Disposes the wrapped producer if this wrapper owns it, and the wrapper's own meter.</summary>
    public ValueTask DisposeAsync()
    {
        _metrics.Dispose();
        return _ownsProducer && _producer is not null ? _producer.DisposeAsync() : ValueTask.CompletedTask;
    }

    private readonly record struct SendState(
        Func<TopicPartition, Message<TKey, TValue>, CancellationToken, ValueTask<DeliveryResult<TKey, TValue>>> Send,
        TopicPartition TopicPartition,
        Message<TKey, TValue> Message);
}
