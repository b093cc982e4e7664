using Brook.Producer;

namespace Brook.Cli.Engines;

/// <summary>
/// <see cref="IPerfProducer"/> for <c>brook perf</c> and the doctor over Brook's public
/// <see cref="KafkaProducer{TKey, TValue}"/>. The caller reuses its key/value buffers after each send, so this
/// adapter copies them into arrays the producer owns (one copy per record; the producer itself then serializes
/// straight into the batch).
/// </summary>
internal sealed class KafkaPerfProducer : IPerfProducer
{
    private readonly KafkaProducer<byte[], byte[]> _producer;

    /// <summary>Builds the producer from validated <paramref name="options"/>.</summary>
    public KafkaPerfProducer(ProducerOptions options) =>
        _producer = new ProducerBuilder<byte[], byte[]>(options).Build();

    /// <inheritdoc />
    public ValueTask SendAsync(
        string topic, ReadOnlyMemory<byte>? key, ReadOnlyMemory<byte> value, long sendTimestamp, IDeliveryHandler handler, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(handler);
        cancellationToken.ThrowIfCancellationRequested();
        var message = new Message<byte[], byte[]> { Key = key?.ToArray(), Value = value.ToArray() };
        var bytes = value.Length;
        _producer.Produce(topic, message, result => handler.OnDelivery(sendTimestamp, bytes, result.Error));
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask FlushAsync(CancellationToken cancellationToken = default) => _producer.FlushAsync(cancellationToken);

    /// <inheritdoc />
    public ProducerMetricsSnapshot GetMetrics() => _producer.GetMetrics();

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _producer.DisposeAsync();
}
