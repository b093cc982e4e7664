namespace Brook.Producer;

/// <summary>Opt-in resilience for a built producer.</summary>
public static class ResilienceExtensions
{
    /// <summary>
    /// Wraps <paramref name="producer"/> in a <see cref="ResilientProducer{TKey, TValue}"/> (circuit breaker and/or
    /// dead-letter queue per <paramref name="options"/>); disposing the wrapper disposes the producer.
    /// </summary>
    /// <exception cref="ArgumentException">The options are out of range.</exception>
    public static ResilientProducer<TKey, TValue> WithResilience<TKey, TValue>(this KafkaProducer<TKey, TValue> producer, ResilienceOptions options) =>
        new(producer, options, ownsProducer: true);
}
