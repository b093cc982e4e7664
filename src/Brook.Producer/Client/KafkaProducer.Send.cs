using Brook.Producer.Diagnostics;

namespace Brook.Producer;

public sealed partial class KafkaProducer<TKey, TValue>
{
    /// <summary>
    /// Sends a record to <paramref name="topic"/> (partition chosen by key or the sticky partitioner) and completes
    /// when the broker acknowledged it (per acks). Buffering waits asynchronously for metadata and buffer memory up to
    /// max.block.ms. Retriable errors are retried until delivery.timeout.ms.
    /// </summary>
    /// <exception cref="ProduceException{TKey, TValue}">Delivery failed; its DeliveryResult carries the PersistenceStatus.</exception>
    /// <exception cref="KafkaTimeoutException">Metadata did not arrive within max.block.ms.</exception>
    /// <exception cref="BufferExhaustedException">No buffer memory within max.block.ms.</exception>
    /// <exception cref="RecordTooLargeException">The record exceeds max.request.size or buffer.memory.</exception>
    public ValueTask<DeliveryResult<TKey, TValue>> ProduceAsync(string topic, Message<TKey, TValue> message, CancellationToken cancellationToken = default) =>
        ProduceAsync(new TopicPartition(topic, Partition.Any), message, cancellationToken);

    /// <summary>As <see cref="ProduceAsync(string, Message{TKey, TValue}, CancellationToken)"/>, to an explicit partition (Partition.Any lets the partitioner choose).</summary>
    /// <exception cref="ProduceException{TKey, TValue}">Delivery failed.</exception>
    public ValueTask<DeliveryResult<TKey, TValue>> ProduceAsync(TopicPartition topicPartition, Message<TKey, TValue> message, CancellationToken cancellationToken = default)
    {
        var handle = RentHandle(topicPartition, message);
        handle.Start(topicPartition.Topic, message, handler: null, callbackMode: false);
        StartActivity(handle, topicPartition);
        var version = handle.Version;

        // The returned ValueTask is the handle's, whatever happens: it completes from the batch (in order) or with the
        // failure that stopped the append.
        if (TryBufferNow(topicPartition, message, handle, cancellationToken, withSignal: false, out var completed, out _))
        {
            try
            {
                completed.GetAwaiter().GetResult(); // returns a pooled async box, if any
            }
#pragma warning disable CA1031 // Every failure before buffering is the record's outcome: handed to its handle.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                handle.FailBeforeBuffering(ex);
            }
        }

        return new ValueTask<DeliveryResult<TKey, TValue>>(handle, version);
    }

    /// <summary>
    /// Sends a record and returns as soon as it is buffered (fire and track); <paramref name="deliveryHandler"/> gets
    /// the outcome (offset, PersistenceStatus, Error) on a completion thread, in order per partition. Errors found
    /// before buffering (serialization, record too large) are thrown here when the send takes the synchronous path (topic
    /// metadata known, synchronous serializers, no wait for buffer.memory); a send that takes the general path (metadata
    /// not yet known, an asynchronous serializer) or waits for buffer.memory reports them to the handler, however fast
    /// the wait ends, and so does a send queued behind an earlier send of this producer that is still waiting (sends
    /// keep call order). A lambda that captures variables allocates per call: to send without allocating, use
    /// <see cref="Produce{TState}(TopicPartition, Message{TKey, TValue}, TState, Action{DeliveryResult{TKey, TValue}, TState}, CancellationToken)"/>
    /// with a static lambda.
    /// </summary>
    public void Produce(string topic, Message<TKey, TValue> message, Action<DeliveryResult<TKey, TValue>>? deliveryHandler = null) =>
        Produce(new TopicPartition(topic, Partition.Any), message, deliveryHandler);

    /// <summary>As <see cref="Produce(string, Message{TKey, TValue}, Action{DeliveryResult{TKey, TValue}}?)"/>, to an explicit partition.</summary>
    public void Produce(TopicPartition topicPartition, Message<TKey, TValue> message, Action<DeliveryResult<TKey, TValue>>? deliveryHandler = null)
    {
        var handle = RentHandle(topicPartition, message);
        handle.Start(topicPartition.Topic, message, deliveryHandler, callbackMode: true);
        StartActivity(handle, topicPartition);
        if (TryBufferNow(topicPartition, message, handle, CancellationToken.None, withSignal: false, out var completed, out _)
            && !completed.IsCompletedSuccessfully)
        {
            handle.Abandon();
        }

        completed.GetAwaiter().GetResult(); // rethrows a synchronous failure; default when the send continues in the background
    }

    /// <summary>
    /// Sends a record and reports its outcome to <paramref name="deliveryHandler"/> together with
    /// <paramref name="state"/> (no closure, no boxing: with a static lambda the send allocates nothing). The returned
    /// task completes when the record is buffered — serialized into a batch — so the message and the buffers it refers
    /// to may be reused from then on; it completes synchronously unless the producer must wait for metadata or
    /// buffer.memory (up to max.block.ms). If it faults (serialization, record too large, buffer exhausted,
    /// cancellation) the record was not buffered and the handler is not called; otherwise the handler is called
    /// exactly once, on a completion thread, in send order per partition.
    /// </summary>
    /// <typeparam name="TState">What the handler needs about this record (e.g. a send timestamp).</typeparam>
    public ValueTask Produce<TState>(string topic, Message<TKey, TValue> message, TState state, Action<DeliveryResult<TKey, TValue>, TState> deliveryHandler, CancellationToken cancellationToken = default) =>
        Produce(new TopicPartition(topic, Partition.Any), message, state, deliveryHandler, cancellationToken);

    /// <summary>As <see cref="Produce{TState}(string, Message{TKey, TValue}, TState, Action{DeliveryResult{TKey, TValue}, TState}, CancellationToken)"/>, to an explicit partition.</summary>
    /// <typeparam name="TState">What the handler needs about this record.</typeparam>
    public ValueTask Produce<TState>(TopicPartition topicPartition, Message<TKey, TValue> message, TState state, Action<DeliveryResult<TKey, TValue>, TState> deliveryHandler, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(deliveryHandler);
        var handle = RentHandle(topicPartition, message);
        handle.Start(topicPartition.Topic, message, state, deliveryHandler);
        StartActivity(handle, topicPartition);
        if (!TryBufferNow(topicPartition, message, handle, cancellationToken, withSignal: true, out var completed, out var signal))
        {
            // Waiting (metadata, buffer.memory): the pooled signal completes once the record is in a batch.
            return new ValueTask(signal!, signal!.Version);
        }

        if (completed.IsCompletedSuccessfully)
        {
            completed.GetAwaiter().GetResult(); // returns a pooled async box, if any
            return default;
        }

        handle.Abandon();
        return completed;
    }

    internal DeliveryHandle<TKey, TValue> RentHandle(TopicPartition topicPartition, Message<TKey, TValue> message)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentException.ThrowIfNullOrEmpty(topicPartition.Topic);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        _transactions?.EnsureSendAllowed();
        if (!_handles.TryDequeue(out var handle))
        {
            handle = new DeliveryHandle<TKey, TValue>(this);
        }

        return handle;
    }

    // A pooled handle's span is null between uses: set it only when a listener sampled this send (no write otherwise).
    private void StartActivity(DeliveryHandle<TKey, TValue> handle, TopicPartition topicPartition)
    {
        if (ProducerTelemetry.StartSend(topicPartition, _options.ClientId) is { } activity)
        {
            handle.Activity = activity;
        }
    }
}
