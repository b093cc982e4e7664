using Brook.Producer;

namespace Brook.Cli.Engines;

/// <summary><see cref="IRecordProducer"/> for <c>brook produce</c> over Brook's public <see cref="KafkaProducer{TKey, TValue}"/>.</summary>
internal sealed class KafkaRecordProducer : IRecordProducer
{
    private readonly KafkaProducer<byte[], byte[]> _producer;

    /// <summary>Builds the producer from validated <paramref name="options"/>.</summary>
    public KafkaRecordProducer(ProducerOptions options) =>
        _producer = new ProducerBuilder<byte[], byte[]>(options).Build();

    /// <inheritdoc />
    public async ValueTask<(int Partition, long Offset)> ProduceAsync(
        string topic, byte[]? key, byte[] value, IReadOnlyList<KeyValuePair<string, byte[]>> headers, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(headers);
        Headers? recordHeaders = null;
        if (headers.Count > 0)
        {
            recordHeaders = new Headers(headers.Count);
            foreach (var header in headers)
            {
                recordHeaders.Add(header.Key, header.Value);
            }
        }

        var result = await _producer.ProduceAsync(topic, new Message<byte[], byte[]> { Key = key, Value = value, Headers = recordHeaders }, cancellationToken)
            .ConfigureAwait(false);
        return (result.Partition.Value, result.Offset.Value);
    }

    /// <inheritdoc />
    public ValueTask FlushAsync(CancellationToken cancellationToken = default) => _producer.FlushAsync(cancellationToken);

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _producer.DisposeAsync();
}
