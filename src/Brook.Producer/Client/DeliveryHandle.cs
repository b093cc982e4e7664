using System.Threading.Tasks.Sources;
using Brook.Producer.Accumulator;

namespace Brook.Producer;

/// <summary>
/// One record's pending delivery, pooled by its producer: the <see cref="IValueTaskSource{TResult}"/> behind
/// <c>ProduceAsync</c> (or the holder of a <c>Produce</c> callback) and the <see cref="IRecordCompletion"/> its batch
/// completes. Reused after the result was read, so steady-state sends allocate nothing on the caller's thread.
/// </summary>
internal sealed class DeliveryHandle<TKey, TValue> : IValueTaskSource<DeliveryResult<TKey, TValue>>, IRecordCompletion
{
    private readonly KafkaProducer<TKey, TValue> _owner;
    private ManualResetValueTaskSourceCore<DeliveryResult<TKey, TValue>> _core;
    private Message<TKey, TValue>? _message;
    private Action<DeliveryResult<TKey, TValue>>? _handler;
    private string _topic = string.Empty;
    private int _partition;
    private int _index;
    private long _timestampMs;
    private bool _callbackMode;

    /// <summary>Creates a handle owned by <paramref name="owner"/>.</summary>
    public DeliveryHandle(KafkaProducer<TKey, TValue> owner)
    {
        _owner = owner;
        _core.RunContinuationsAsynchronously = true;
    }

    /// <summary>The token for the current use.</summary>
    public short Version => _core.Version;

    /// <summary>Prepares for one record.</summary>
    public void Start(string topic, Message<TKey, TValue> message, Action<DeliveryResult<TKey, TValue>>? handler, bool callbackMode)
    {
        _topic = topic;
        _message = message;
        _handler = handler;
        _callbackMode = callbackMode;
        _partition = -1;
        _index = 0;
    }

    /// <summary>Where the record went.</summary>
    public void Place(int partition, int index, long timestampMs)
    {
        _partition = partition;
        _index = index;
        _timestampMs = timestampMs;
    }

    /// <inheritdoc />
    public void Complete(ProducerBatch batch)
    {
        var offset = batch.Error is null && batch.BaseOffset >= 0 ? new Offset(batch.BaseOffset + _index) : Offset.Unset;
        var timestamp = batch.LogAppendTimeMs >= 0
            ? new Timestamp(batch.LogAppendTimeMs, TimestampType.LogAppendTime)
            : new Timestamp(_timestampMs, TimestampType.CreateTime);
        var result = new DeliveryResult<TKey, TValue>
        {
            Topic = _topic,
            Partition = _partition,
            Offset = offset,
            Message = _message!,
            Status = batch.Status,
            Timestamp = timestamp,
            Error = batch.Error,
        };
        Finish(result);
    }

    /// <summary>Completes with a failure that happened before the record reached a batch.</summary>
    public void Fail(KafkaException error)
    {
        Finish(new DeliveryResult<TKey, TValue>
        {
            Topic = _topic,
            Partition = _partition,
            Message = _message!,
            Status = PersistenceStatus.NotPersisted,
            Error = error,
        });
    }

    /// <inheritdoc />
    public DeliveryResult<TKey, TValue> GetResult(short token)
    {
        try
        {
            return _core.GetResult(token);
        }
        finally
        {
            Recycle();
        }
    }

    /// <inheritdoc />
    public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

    /// <inheritdoc />
    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);

    private void Finish(DeliveryResult<TKey, TValue> result)
    {
        if (_callbackMode)
        {
            var handler = _handler;
            Recycle();
            _owner.InvokeHandler(handler, result);
            return;
        }

        if (result.Error is { } error)
        {
            _core.SetException(new ProduceException<TKey, TValue>(error.ErrorCode, result, error.Message, error));
        }
        else
        {
            _core.SetResult(result);
        }
    }

    private void Recycle()
    {
        _message = null;
        _handler = null;
        _core.Reset();
        _owner.ReturnHandle(this);
    }
}
