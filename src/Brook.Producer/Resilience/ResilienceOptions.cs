using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;

namespace Brook.Producer;

/// <summary>
/// Opt-in resilience around <see cref="KafkaProducer{TKey, TValue}.ProduceAsync(TopicPartition, Message{TKey, TValue}, CancellationToken)"/>
/// (see <see cref="ResilientProducer{TKey, TValue}"/>): a circuit breaker that fails sends fast while the cluster keeps
/// failing them, and a dead-letter topic for records whose delivery finally failed. Either may be null (off).
/// </summary>
public sealed record ResilienceOptions
{
    /// <summary>The circuit breaker; null (default) sends without one.</summary>
    public ProducerCircuitBreakerOptions? CircuitBreaker { get; init; }

    /// <summary>The dead-letter queue; null (default) lets failed sends throw.</summary>
    public DeadLetterOptions? DeadLetter { get; init; }

    /// <summary>The breaker's clock; null uses the producer's <see cref="ProducerOptions.TimeProvider"/>.</summary>
    public TimeProvider? TimeProvider { get; init; }

    /// <summary>Where breaker and dead-letter events go; null uses the producer's <see cref="ProducerOptions.LoggerFactory"/>.</summary>
    public ILoggerFactory? LoggerFactory { get; init; }

    /// <summary>
    /// Creates the meter <c>Brook.Producer.Resilience</c> (breaker and dead-letter counts); null uses the producer's
    /// <see cref="ProducerOptions.MeterFactory"/>, and without one a standalone meter disposed with the wrapper.
    /// </summary>
    public IMeterFactory? MeterFactory { get; init; }

    /// <summary>Checks the options once; throws naming the bad value and its valid range.</summary>
    /// <exception cref="ArgumentException">A value is out of range.</exception>
    public void Validate()
    {
        CircuitBreaker?.Validate();
        DeadLetter?.Validate();
    }
}
