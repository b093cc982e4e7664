using Brook.Producer;

namespace Brook.Cli.Engines;

/// <summary>
/// The producer as <c>brook perf</c> and <c>brook doctor</c> drive it: send into reusable buffers, flush, read
/// metrics. The real producer plugs in through <see cref="IBrookEngines.CreatePerfProducer"/>.
/// </summary>
internal interface IPerfProducer : IAsyncDisposable
{
    /// <summary>
    /// Enqueues one record (waits only while buffer.memory is full, as Java's send). Key and value are copied before
    /// the returned task completes: the caller rewrites the same buffers for the next record. The outcome goes to
    /// <paramref name="handler"/> with <paramref name="sendTimestamp"/> and the value length.
    /// </summary>
    ValueTask SendAsync(string topic, ReadOnlyMemory<byte>? key, ReadOnlyMemory<byte> value, long sendTimestamp, IDeliveryHandler handler, CancellationToken cancellationToken = default);

    /// <summary>Completes when every record sent so far has finished.</summary>
    ValueTask FlushAsync(CancellationToken cancellationToken = default);

    /// <summary>The producer's metrics now.</summary>
    ProducerMetricsSnapshot GetMetrics();
}
