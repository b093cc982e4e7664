namespace Brook.Producer;

/// <summary>The state and handler of one <c>Produce(…, state, handler)</c> call, stored unboxed.</summary>
internal sealed class StatefulDeliveryCallback<TKey, TValue, TState> : DeliveryCallback<TKey, TValue>
{
    private TState _state = default!;
    private Action<DeliveryResult<TKey, TValue>, TState>? _handler;

    /// <summary>Arms the box for one record.</summary>
    public void Set(TState state, Action<DeliveryResult<TKey, TValue>, TState> handler)
    {
        _state = state;
        _handler = handler;
    }

    /// <inheritdoc />
    public override void Invoke(in DeliveryResult<TKey, TValue> result) => _handler?.Invoke(result, _state);

    /// <inheritdoc />
    public override void Clear()
    {
        _state = default!;
        _handler = null;
    }
}
