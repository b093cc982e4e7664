using System.Runtime.CompilerServices;
using Brook.Producer;

namespace Brook.Cli.Engines;

/// <summary>
/// <see cref="IPerfProducer"/> for <c>brook perf</c> and the doctor over Brook's public
/// <see cref="KafkaProducer{TKey, TValue}"/>. Sends through the stateful
/// <see cref="KafkaProducer{TKey, TValue}.Produce{TState}(string, Message{TKey, TValue}, TState, Action{DeliveryResult{TKey, TValue}, TState}, CancellationToken)"/>:
/// its task completes once the record is serialized into a batch, so the caller's key/value buffers are not copied,
/// and the per-record state travels unboxed to a static handler — a send allocates nothing. The caller rewrites the
/// same buffers, so one <see cref="Message{TKey, TValue}"/> over them is reused while they stay the same.
/// </summary>
internal sealed class KafkaPerfProducer : IPerfProducer
{
    private static readonly Action<DeliveryResult<ReadOnlyMemory<byte>?, ReadOnlyMemory<byte>>, Pending> Report =
        static (result, pending) => pending.Handler.OnDelivery(pending.SendTimestamp, pending.Bytes, result.Error);

    private readonly KafkaProducer<ReadOnlyMemory<byte>?, ReadOnlyMemory<byte>> _producer;
    private Message<ReadOnlyMemory<byte>?, ReadOnlyMemory<byte>>? _message;

    /// <summary>Builds the producer from validated <paramref name="options"/>.</summary>
    public KafkaPerfProducer(ProducerOptions options) =>
        _producer = new ProducerBuilder<ReadOnlyMemory<byte>?, ReadOnlyMemory<byte>>(options).Build();

    /// <inheritdoc />
    public ValueTask SendAsync(
        string topic, ReadOnlyMemory<byte>? key, ReadOnlyMemory<byte> value, long sendTimestamp, IDeliveryHandler handler, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(handler);
        cancellationToken.ThrowIfCancellationRequested();
        var message = _message;
        if (message is null || !message.Key.Equals(key) || !message.Value.Equals(value))
        {
            message = new Message<ReadOnlyMemory<byte>?, ReadOnlyMemory<byte>> { Key = key, Value = value };
            _message = message;
        }

        var pending = new Pending(handler, sendTimestamp, value.Length);
        var buffered = _producer.Produce(topic, message, pending, Report, cancellationToken);
        return buffered.IsCompletedSuccessfully ? buffered : ReportUnbufferedAsync(buffered, pending);
    }

    // A send that fails before it is buffered (max.block.ms on metadata or memory, serialization) faults the task and
    // never calls the handler: report it there, so every send reaches its handler exactly once (perf counts it,
    // the doctor's probe diagnoses it) instead of ending the run with an exception. A send that waits for buffer.memory
    // comes here too: the pooled builder and the producer's pooled signal keep that wait allocation-free.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private static async ValueTask ReportUnbufferedAsync(ValueTask buffered, Pending pending)
    {
        try
        {
            await buffered.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            pending.Handler.OnDelivery(pending.SendTimestamp, pending.Bytes, ex);
        }
    }

    /// <inheritdoc />
    public ValueTask FlushAsync(CancellationToken cancellationToken = default) => _producer.FlushAsync(cancellationToken);

    /// <inheritdoc />
    public ProducerMetricsSnapshot GetMetrics() => _producer.GetMetrics();

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _producer.DisposeAsync();

    private readonly record struct Pending(IDeliveryHandler Handler, long SendTimestamp, int Bytes);
}
