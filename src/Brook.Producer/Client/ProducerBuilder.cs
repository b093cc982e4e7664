namespace Brook.Producer;

/// <summary>
/// Builds a <see cref="KafkaProducer{TKey, TValue}"/> from <see cref="ProducerOptions"/> or from Kafka property names
/// (<c>bootstrap.servers</c>, <c>acks</c>, <c>linger.ms</c>, ...). Serializers default by type (string UTF-8, byte[],
/// ReadOnlyMemory&lt;byte&gt;, Null, int, long, short, double, float, Guid).
/// </summary>
/// <typeparam name="TKey">Key type.</typeparam>
/// <typeparam name="TValue">Value type.</typeparam>
public sealed class ProducerBuilder<TKey, TValue>
{
    private readonly ProducerOptions _options;
    private object? _key;
    private object? _value;

    /// <summary>Starts from typed options.</summary>
    public ProducerBuilder(ProducerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
    }

    /// <summary>Starts from Kafka property names; unknown or invalid keys throw, naming the nearest valid key.</summary>
    public ProducerBuilder(IEnumerable<KeyValuePair<string, string>> properties)
        : this(ProducerOptions.FromProperties(properties))
    {
    }

    /// <summary>Sets the key serializer.</summary>
    public ProducerBuilder<TKey, TValue> SetKeySerializer(ISerializer<TKey> serializer)
    {
        _key = serializer ?? throw new ArgumentNullException(nameof(serializer));
        return this;
    }

    /// <summary>Sets an asynchronous key serializer (works with both Produce and ProduceAsync).</summary>
    public ProducerBuilder<TKey, TValue> SetKeySerializer(IAsyncSerializer<TKey> serializer)
    {
        _key = serializer ?? throw new ArgumentNullException(nameof(serializer));
        return this;
    }

    /// <summary>Sets the value serializer.</summary>
    public ProducerBuilder<TKey, TValue> SetValueSerializer(ISerializer<TValue> serializer)
    {
        _value = serializer ?? throw new ArgumentNullException(nameof(serializer));
        return this;
    }

    /// <summary>Sets an asynchronous value serializer.</summary>
    public ProducerBuilder<TKey, TValue> SetValueSerializer(IAsyncSerializer<TValue> serializer)
    {
        _value = serializer ?? throw new ArgumentNullException(nameof(serializer));
        return this;
    }

    /// <summary>Validates the options and starts the producer (connections open lazily on the first send).</summary>
    /// <exception cref="ProducerConfigurationException">The options are inconsistent.</exception>
    public KafkaProducer<TKey, TValue> Build() => new(_options, _key, _value);

    /// <summary>
    /// Builds the producer behind a circuit breaker and/or dead-letter queue (<see cref="ResilientProducer{TKey, TValue}"/>);
    /// disposing the wrapper disposes the producer.
    /// </summary>
    /// <exception cref="ProducerConfigurationException">The producer options are inconsistent.</exception>
    /// <exception cref="ArgumentException">The resilience options are out of range.</exception>
    public ResilientProducer<TKey, TValue> BuildResilient(ResilienceOptions resilience)
    {
        ArgumentNullException.ThrowIfNull(resilience);
        resilience.Validate();
        return Build().WithResilience(resilience);
    }
}
