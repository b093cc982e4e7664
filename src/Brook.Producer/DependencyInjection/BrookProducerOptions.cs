namespace Brook.Producer;

/// <summary>
/// What <see cref="Microsoft.Extensions.DependencyInjection.BrookServiceCollectionExtensions.AddBrookProducer{TKey, TValue}"/>
/// builds a producer from (mutable, for the options pattern: configure it in the callback or with
/// <c>services.Configure&lt;BrookProducerOptions&lt;TKey, TValue&gt;&gt;(...)</c>).
/// </summary>
/// <typeparam name="TKey">Key type.</typeparam>
/// <typeparam name="TValue">Value type.</typeparam>
public sealed class BrookProducerOptions<TKey, TValue>
{
    /// <summary>
    /// The producer options (e.g. <c>new ProducerOptions { BootstrapServers = "..." }</c> or
    /// <see cref="ProducerOptions.FromProperties"/>). A default <see cref="ProducerOptions.LoggerFactory"/>,
    /// <see cref="ProducerOptions.MeterFactory"/> or <see cref="ProducerOptions.TimeProvider"/> is replaced by the
    /// container's <c>ILoggerFactory</c>, <c>IMeterFactory</c> or <c>TimeProvider</c> when it has one.
    /// </summary>
    public ProducerOptions Producer { get; set; } = new();

    /// <summary>The key serializer; null uses the default for <typeparamref name="TKey"/>.</summary>
    public ISerializer<TKey>? KeySerializer { get; set; }

    /// <summary>The value serializer; null uses the default for <typeparamref name="TValue"/>.</summary>
    public ISerializer<TValue>? ValueSerializer { get; set; }

    /// <summary>
    /// Circuit breaker / dead-letter settings for the <see cref="ResilientProducer{TKey, TValue}"/> the container also
    /// offers (it wraps the same producer); null makes resolving <see cref="ResilientProducer{TKey, TValue}"/> throw.
    /// </summary>
    public ResilienceOptions? Resilience { get; set; }
}
