namespace Brook.Producer;

/// <summary>
/// A stateful delivery callback held by a <see cref="DeliveryHandle{TKey, TValue}"/> without boxing the state: the
/// concrete <see cref="StatefulDeliveryCallback{TKey, TValue, TState}"/> stays attached to its handle and is reused by
/// the next send with the same state type, so steady-state sends allocate nothing.
/// </summary>
internal abstract class DeliveryCallback<TKey, TValue>
{
    /// <summary>Calls the user's handler with the outcome and the state given at send time.</summary>
    public abstract void Invoke(in DeliveryResult<TKey, TValue> result);

    /// <summary>Drops the references to the state and handler (the box stays with its handle).</summary>
    public abstract void Clear();
}
