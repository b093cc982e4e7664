using System.Threading.Tasks.Sources;
using Brook.Producer.Accumulator;
using Brook.Producer.Memory;

namespace Brook.Producer;

/// <summary>
/// One record's pending delivery, pooled by its producer: the <see cref="IValueTaskSource{TResult}"/> behind
/// <c>ProduceAsync</c> (or the holder of a <c>Produce</c> callback and its state) and the <see cref="IRecordCompletion"/>
/// its batch completes. Reused after the outcome was delivered, so steady-state sends allocate nothing.
/// </summary>
internal sealed class DeliveryHandle<TKey, TValue> : IValueTaskSource<DeliveryResult<TKey, TValue>>, IRecordCompletion, IBufferWaitObserver
{
    private readonly KafkaProducer<TKey, TValue> _owner;
    private ManualResetValueTaskSourceCore<DeliveryResult<TKey, TValue>> _core;
    private Message<TKey, TValue>? _message;
    private Action<DeliveryResult<TKey, TValue>>? _handler;
    private DeliveryCallback<TKey, TValue>? _stateCallback;
    private string _topic = string.Empty;
    private int _partition;
    private int _index;
    private long _timestampMs;
    private bool _callbackMode;
    private bool _stateful;
    private bool _waited;

    /// <summary>Creates a handle owned by <paramref name="owner"/>.</summary>
    public DeliveryHandle(KafkaProducer<TKey, TValue> owner)
    {
        _owner = owner;
        _core.RunContinuationsAsynchronously = owner.Options.RunContinuationsAsynchronously;
    }

    /// <summary>The send span of the current record (null unless a listener sampled it); ended with the outcome.</summary>
    public System.Diagnostics.Activity? Activity { get; set; }

    /// <summary>The token for the current use.</summary>
    public short Version => _core.Version;

    /// <summary>
    /// True once the send took a path that may wait before buffering — the general path (its topic's metadata not yet
    /// known, or an asynchronous serializer) or a wait for buffer.memory. Set on the sending thread, or under the pool's
    /// lock, before any other thread can end that wait: so a failure that ends it is the handle's outcome (the handler,
    /// not a throw from <c>Produce</c>) whatever thread finishes first.
    /// </summary>
    public bool Waited => _waited;

    /// <summary>Prepares for one record sent with <c>ProduceAsync</c> (no handler) or <c>Produce</c> with a plain callback.</summary>
    public void Start(string topic, Message<TKey, TValue> message, Action<DeliveryResult<TKey, TValue>>? handler, bool callbackMode)
    {
        Prepare(topic, message);
        _handler = handler;
        _callbackMode = callbackMode;
        _stateful = false;
    }

    /// <summary>Prepares for one record sent with a state and a static handler; reuses this handle's box for <typeparamref name="TState"/>.</summary>
    public void Start<TState>(string topic, Message<TKey, TValue> message, TState state, Action<DeliveryResult<TKey, TValue>, TState> handler)
    {
        Prepare(topic, message);
        if (_stateCallback is not StatefulDeliveryCallback<TKey, TValue, TState> box)
        {
            box = new StatefulDeliveryCallback<TKey, TValue, TState>();
            _stateCallback = box;
        }

        box.Set(state, handler);
        _handler = null;
        _callbackMode = true;
        _stateful = true;
    }

    /// <summary>The record's CreateTime, set before the append.</summary>
    public void SetTimestamp(long timestampMs) => _timestampMs = timestampMs;

    /// <inheritdoc />
    public void OnAppended(int partition, int recordIndex)
    {
        _partition = partition;
        _index = recordIndex;
    }

    /// <inheritdoc />
    public int Touch() => _index ^ (int)_timestampMs ^ (_stateCallback is null ? 0 : 1);

    /// <inheritdoc />
    public void Complete(ProducerBatch batch)
    {
        // Follows a MESSAGE_TOO_LARGE split into the child batch that now holds the record.
        var outcome = batch.GetRecordOutcome(_index);
        var offset = outcome.Error is null && outcome.Offset >= 0 ? new Offset(outcome.Offset) : Offset.Unset;
        StopActivity(outcome.Error is null ? outcome.Offset : -1, outcome.Error);
        var timestamp = outcome.LogAppendTimeMs >= 0
            ? new Timestamp(outcome.LogAppendTimeMs, TimestampType.LogAppendTime)
            : new Timestamp(_timestampMs, TimestampType.CreateTime);
        Finish(new DeliveryResult<TKey, TValue>
        {
            Topic = _topic,
            Partition = _partition,
            Offset = offset,
            Message = _message!,
            Status = outcome.Status,
            Timestamp = timestamp,
            Error = outcome.Error,
        });
    }

    /// <summary>
    /// The send failed before the record reached a batch: <c>ProduceAsync</c> rethrows <paramref name="error"/> as is;
    /// a callback gets it as a NotPersisted result.
    /// </summary>
    public void FailBeforeBuffering(Exception error)
    {
        StopActivity(-1, error);
        if (!_callbackMode)
        {
            _core.SetException(error);
            return;
        }

        var kafka = error as KafkaException ?? new KafkaException($"Producing failed before the record was buffered: {error.Message}", error);
        Finish(new DeliveryResult<TKey, TValue>
        {
            Topic = _topic,
            Partition = _partition,
            Message = _message!,
            Status = PersistenceStatus.NotPersisted,
            Error = kafka,
        });
    }

    /// <summary>Returns an unused handle (the send failed synchronously and the caller saw <paramref name="error"/>).</summary>
    public void Abandon(Exception? error = null)
    {
        if (Activity is not null)
        {
            StopActivity(-1, error ?? new KafkaException("The send failed before the record was buffered."));
        }

        Recycle();
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

    private void StopActivity(long offset, Exception? error)
    {
        if (Activity is { } activity)
        {
            Activity = null;
            Diagnostics.ProducerTelemetry.Stop(activity, _partition, offset, error);
        }
    }

    private void Prepare(string topic, Message<TKey, TValue> message)
    {
        if (!ReferenceEquals(_topic, topic))
        {
            _topic = topic; // usually the same string as last time: no write barrier then
        }

        _message = message;
        _partition = -1;
        _index = 0;
        _waited = false;
    }

    /// <summary>The send takes the general path (see <see cref="Waited"/>).</summary>
    public void MarkWaited() => _waited = true;

    /// <inheritdoc />
    void IBufferWaitObserver.OnBufferWait() => MarkWaited();

    private void Finish(in DeliveryResult<TKey, TValue> result)
    {
        if (!_callbackMode)
        {
            if (result.Error is { } error)
            {
                _core.SetException(new ProduceException<TKey, TValue>(error.ErrorCode, result, error.Message, error));
            }
            else
            {
                _core.SetResult(result);
            }

            return;
        }

        try
        {
            if (_stateful)
            {
                _stateCallback!.Invoke(result);
            }
            else
            {
                _handler?.Invoke(result);
            }
        }
#pragma warning disable CA1031 // A throwing user callback must not stop the completion of other records.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
        finally
        {
            Recycle();
        }
    }

    private void Recycle()
    {
        _message = null;
        _handler = null;
        if (_stateful)
        {
            _stateCallback!.Clear();
            _stateful = false;
        }

        if (!_callbackMode)
        {
            // Only ProduceAsync uses the value-task core; a callback send leaves it as the last reset left it.
            _core.Reset();
        }

        _owner.ReturnHandle(this);
    }
}
