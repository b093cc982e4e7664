using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using Brook.Producer.Accumulator;
using Brook.Producer.Metadata;
using Brook.Producer.Partitioning;

namespace Brook.Producer;

public sealed partial class KafkaProducer<TKey, TValue>
{
    // The send path marks its topic as used (metadata.max.idle.ms, at least 5 s) at most this often.
    private const long TouchIntervalMs = 100;

    private SendTopic? _lastTopic;

    /// <summary>
    /// §3: metadata, serialize, partition, append, wake. Runs synchronously — no state machine, no allocation, one clock
    /// read (the record's CreateTime; none when the message carries a timestamp), one reference check for the topic —
    /// when the topic is known, both serializers are synchronous and the record fits an open batch or free memory.
    /// Otherwise it continues asynchronously (<see cref="EnqueueSlowAsync"/>, <see cref="AppendSlowAsync"/>). Failures
    /// come back in the returned task, as from an async method.
    /// </summary>
    private ValueTask Enqueue(TopicPartition topicPartition, Message<TKey, TValue> message, DeliveryHandle<TKey, TValue> handle, CancellationToken cancellationToken)
    {
        var topic = topicPartition.Topic;
        try
        {
            var sendTopic = _lastTopic;
            var view = _metadata.Current;
            if (_key is null || _value is null || sendTopic is null || !sendTopic.Matches(topic, view))
            {
                if (_key is null || _value is null || !view.TryGetTopic(topic, out var known) || !known.IsUsable)
                {
                    // Unknown topic (wait for metadata) or an asynchronous serializer: the general path. Marked before
                    // anything starts that another thread could finish (DeliveryHandle.Waited).
                    handle.MarkWaited();
                    var started = _time.GetTimestamp();
                    return EnqueueSlowAsync(topicPartition, message, handle, _metadata.WaitForTopicAsync(topic, _options.MaxBlockMs, cancellationToken), started, cancellationToken);
                }

                sendTopic = new SendTopic(topic, view, known, _accumulator.TopicStateFor(topic));
                _lastTopic = sendTopic;
            }

            return EnqueueNow(topicPartition, message, handle, sendTopic, cancellationToken);
        }
#pragma warning disable CA1031 // Every failure before buffering is the record's outcome, reported through the returned task.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return FailedAsync(ex);
        }
    }

    // The synchronous send with the topic known: serialize into this thread's scratch, partition, append. Only a wait for
    // buffer.memory goes asynchronous (the scratch then stays with the append until it completes).
    private ValueTask EnqueueNow(TopicPartition topicPartition, Message<TKey, TValue> message, DeliveryHandle<TKey, TValue> handle, SendTopic sendTopic, CancellationToken cancellationToken)
    {
        var topic = sendTopic.Topic;
        var metadata = sendTopic.Metadata;
        long timestamp;
        if (message.Timestamp.Type == TimestampType.NotAvailable)
        {
            timestamp = _time.GetUtcNow().ToUnixTimeMilliseconds();
            if ((ulong)(timestamp - sendTopic.TouchedMs) >= TouchIntervalMs)
            {
                _metadata.Touch(topic);
                sendTopic.TouchedMs = timestamp;
            }
        }
        else
        {
            timestamp = message.Timestamp.UnixTimestampMs;
            _metadata.Touch(topic);
        }

        CheckPartition(topicPartition, metadata);
        var scratch = RecordScratch.Take(_scratch);
        var headers = scratch.HeadersFor(message.Headers);
        var headerCount = 0;
        var handedOff = false;
        try
        {
            var keyIsNull = message.Key is null;
            var valueIsNull = message.Value is null;
            var component = MessageComponentType.Key;
            try
            {
                if (!keyIsNull)
                {
                    _key!.Serialize(message.Key!, scratch.Key, new SerializationContext(MessageComponentType.Key, topic, headers));
                }

                component = MessageComponentType.Value;
                if (!valueIsNull)
                {
                    _value!.Serialize(message.Value!, scratch.Value, new SerializationContext(MessageComponentType.Value, topic, headers));
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                throw SerializationFailed(topic, component, ex);
            }

            // After the serializers: they may add headers to the record's (e.g. a schema id).
            headerCount = WriteHeaders(scratch, headers, handle);

            var partition = PartitionChooser.Choose(topic, topicPartition.Partition, _options.Partitioner, scratch.Key.WrittenSpan, keyIsNull, _options.PartitionerIgnoreKeys, metadata.PartitionCount);
            var payload = new RecordPayload(timestamp, scratch.Key.WrittenMemory, keyIsNull, scratch.Value.WrittenMemory, valueIsNull, scratch.Headers.AsMemory(0, headerCount));
            handle.SetTimestamp(timestamp);

            // No metadata wait happened: the append has all of max.block.ms (Java subtracts only the metadata wait).
            var append = _accumulator.AppendAsync(sendTopic.State, partition, payload, _metadata, _options.MaxBlockMs, handle, cancellationToken);
            if (!append.IsCompletedSuccessfully)
            {
                handedOff = true;
                return AppendSlowAsync(append, scratch, headerCount); // a wait marked the handle (IBufferWaitObserver)
            }

            OnAppended(append.Result);
            return default;
        }
        finally
        {
            if (!handedOff)
            {
                scratch.ReturnToThread(headerCount);
            }
        }
    }

    private void OnAppended(in RecordAppendResult result)
    {
        if (result.NewBatchCreated && _transactions is { } transactions)
        {
            // The append held the new batch for us (it may be drained and done already): the manager takes its own
            // hold before ours goes.
            var batch = result.Batch;
            try
            {
                transactions.OnBatchCreated(batch);
            }
            finally
            {
                batch.Release(batch.Generation);
            }
        }

        _sender.WakeupForAppend(result);
    }

    private static void CheckPartition(TopicPartition topicPartition, TopicMetadata metadata)
    {
        if (!topicPartition.Partition.IsSpecial && topicPartition.Partition.Value >= metadata.PartitionCount)
        {
            throw new ArgumentException($"Partition {topicPartition.Partition.Value} does not exist: topic '{topicPartition.Topic}' has {metadata.PartitionCount} partitions.", nameof(topicPartition));
        }
    }

    // A failure found synchronously, as an async method reports it (an OperationCanceledException cancels the task).
    private static async ValueTask FailedAsync(Exception error)
    {
        await Task.CompletedTask.ConfigureAwait(false);
        ExceptionDispatchInfo.Throw(error);
    }

    // The append waits for buffer.memory: the scratch holds the record's bytes until it is in a batch.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask AppendSlowAsync(ValueTask<RecordAppendResult> append, RecordScratch scratch, int headerCount)
    {
        try
        {
            OnAppended(await append.ConfigureAwait(false));
        }
        finally
        {
            scratch.Reset(headerCount);
            _scratch.Enqueue(scratch);
        }
    }

    // The general path: waits for the topic's metadata and runs asynchronous serializers.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask EnqueueSlowAsync(
        TopicPartition topicPartition,
        Message<TKey, TValue> message,
        DeliveryHandle<TKey, TValue> handle,
        ValueTask<TopicMetadata> metadataWait,
        long started,
        CancellationToken cancellationToken)
    {
        var topic = topicPartition.Topic;
        var metadata = await metadataWait.ConfigureAwait(false);
        CheckPartition(topicPartition, metadata);
        var scratch = RecordScratch.TakeSpare(_scratch); // not the thread's own: this send continues on other threads
        var headers = scratch.HeadersFor(message.Headers);

        var headerCount = 0;
        try
        {
            var keyIsNull = message.Key is null;
            var valueIsNull = message.Value is null;
            var component = MessageComponentType.Key;
            try
            {
                if (!keyIsNull)
                {
                    var context = new SerializationContext(MessageComponentType.Key, topic, headers);
                    await SerializeAsync(_key, _keyAsync, message.Key!, scratch.Key, context, cancellationToken).ConfigureAwait(false);
                }

                component = MessageComponentType.Value;
                if (!valueIsNull)
                {
                    var context = new SerializationContext(MessageComponentType.Value, topic, headers);
                    await SerializeAsync(_value, _valueAsync, message.Value!, scratch.Value, context, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                throw SerializationFailed(topic, component, ex);
            }

            headerCount = WriteHeaders(scratch, headers, handle); // after the serializers, which may add headers

            var timestamp = message.Timestamp.Type == TimestampType.NotAvailable ? _time.GetUtcNow().ToUnixTimeMilliseconds() : message.Timestamp.UnixTimestampMs;
            var partition = PartitionChooser.Choose(topic, topicPartition.Partition, _options.Partitioner, scratch.Key.WrittenSpan, keyIsNull, _options.PartitionerIgnoreKeys, metadata.PartitionCount);
            var payload = new RecordPayload(timestamp, scratch.Key.WrittenMemory, keyIsNull, scratch.Value.WrittenMemory, valueIsNull, scratch.Headers.AsMemory(0, headerCount));
            var remainingMs = Math.Max(0, _options.MaxBlockMs - (long)_time.GetElapsedTime(started).TotalMilliseconds);
            handle.SetTimestamp(timestamp);
            OnAppended(await _accumulator.AppendAsync(topic, partition, payload, _metadata, remainingMs, handle, cancellationToken).ConfigureAwait(false));
        }
        finally
        {
            scratch.Reset(headerCount);
            _scratch.Enqueue(scratch);
        }
    }

    /// <summary>The record's headers into <paramref name="scratch"/>, plus the W3C traceparent when propagation is on.</summary>
    private int WriteHeaders(RecordScratch scratch, Headers headers, DeliveryHandle<TKey, TValue> handle)
    {
        var count = scratch.SetHeaders(headers);
        return _options.EnableTraceContextPropagation
            ? scratch.AddTraceParent(handle.Activity ?? System.Diagnostics.Activity.Current, count)
            : count;
    }

    /// <summary>
    /// A serializer threw or faulted: Java wraps it in a SerializationException naming the classes; this names the topic,
    /// the part, the serializer and the data type, with the serializer's exception inside. A cancellation stays one.
    /// </summary>
    private SerializationException SerializationFailed(string topic, MessageComponentType component, Exception error) => component == MessageComponentType.Key
        ? new SerializationException(topic, component, ((object?)_key ?? _keyAsync)!.GetType(), typeof(TKey), error)
        : new SerializationException(topic, component, ((object?)_value ?? _valueAsync)!.GetType(), typeof(TValue), error);

    /// <summary>One key or value through whichever serializer the producer was built with (sync completes at once).</summary>
    private static ValueTask SerializeAsync<T>(ISerializer<T>? serializer, IAsyncSerializer<T>? asyncSerializer, T data, IBufferWriter<byte> output, SerializationContext context, CancellationToken cancellationToken)
    {
        if (serializer is not null)
        {
            serializer.Serialize(data, output, context);
            return ValueTask.CompletedTask;
        }

        return asyncSerializer!.SerializeAsync(data, output, context, cancellationToken);
    }
}
