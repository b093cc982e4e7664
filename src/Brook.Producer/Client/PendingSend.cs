namespace Brook.Producer;

/// <summary>
/// A send that could not be buffered at once (metadata, buffer.memory, an async serializer) or that arrived while an
/// earlier one was still waiting: its arguments, its place in the producer's FIFO of pending sends, and the
/// <see cref="ValueTask"/> of its append while that runs. Pooled by the producer; the continuation delegate is created
/// once per object, so waiting sends allocate nothing once warm.
/// </summary>
internal sealed class PendingSend<TKey, TValue>
{
    private readonly KafkaProducer<TKey, TValue> _owner;

    /// <summary>Creates a pooled entry of <paramref name="owner"/>.</summary>
    public PendingSend(KafkaProducer<TKey, TValue> owner)
    {
        _owner = owner;
        OnRunningCompleted = RunningCompleted;
    }

    /// <summary>Registered on <see cref="Running"/>; runs where the append completes.</summary>
    public Action OnRunningCompleted { get; }

    /// <summary>Where the record goes.</summary>
    public TopicPartition Target { get; set; }

    /// <summary>The record.</summary>
    public Message<TKey, TValue>? Message { get; set; }

    /// <summary>The record's delivery handle; touched only on failure (on success it may already be recycled).</summary>
    public DeliveryHandle<TKey, TValue>? Handle { get; set; }

    /// <summary>The caller's token.</summary>
    public CancellationToken Token { get; set; }

    /// <summary>For <c>Produce(…, state, handler)</c>: completed when buffered; null for the other send styles.</summary>
    public SendSignal? Signal { get; set; }

    /// <summary>The append in progress (default while queued).</summary>
    public ValueTask Running { get; set; }

    /// <summary>Arrival order, for flush checkpoints.</summary>
    public long Sequence { get; set; }

    /// <summary>Next entry in the queue or in the running list.</summary>
    public PendingSend<TKey, TValue>? Next { get; set; }

    private void RunningCompleted() => _owner.OnPendingCompleted(this);

    /// <summary>Clears the references before the entry returns to the pool.</summary>
    public void Clear()
    {
        Message = null;
        Handle = null;
        Token = default;
        Signal = null;
        Running = default;
        Next = null;
    }
}
