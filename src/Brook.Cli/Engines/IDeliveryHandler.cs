namespace Brook.Cli.Engines;

/// <summary>Receives the outcome of each record sent by an <see cref="IPerfProducer"/>; called on any thread.</summary>
internal interface IDeliveryHandler
{
    /// <summary>One record finished: acknowledged (<paramref name="error"/> null) or failed.</summary>
    /// <param name="sendTimestamp">The <see cref="TimeProvider.GetTimestamp"/> value passed to the send.</param>
    /// <param name="bytes">Value bytes of the record.</param>
    /// <param name="error">Why the record failed, or null.</param>
    void OnDelivery(long sendTimestamp, int bytes, Exception? error);
}
