namespace Brook.Producer.Idempotence;

/// <summary>The outcome of one <see cref="IProducerIdSource.Poll"/>.</summary>
/// <param name="Status">Where the acquisition stands.</param>
/// <param name="Value">The id and epoch when <see cref="ProducerIdPollStatus.Obtained"/>.</param>
/// <param name="Error">The fatal error when <see cref="ProducerIdPollStatus.Failed"/>.</param>
/// <param name="DelayMs">How long the sender may sleep before polling again (long.MaxValue: until woken).</param>
internal readonly record struct ProducerIdPoll(ProducerIdPollStatus Status, ProducerIdAndEpoch Value, KafkaException? Error, long DelayMs)
{
    /// <summary>Nothing outstanding.</summary>
    public static ProducerIdPoll Idle => new(ProducerIdPollStatus.Idle, ProducerIdAndEpoch.None, null, long.MaxValue);

    /// <summary>Still working; poll again within <paramref name="delayMs"/>.</summary>
    public static ProducerIdPoll Pending(long delayMs) => new(ProducerIdPollStatus.Pending, ProducerIdAndEpoch.None, null, delayMs);

    /// <summary>The id arrived.</summary>
    public static ProducerIdPoll Obtained(ProducerIdAndEpoch value) => new(ProducerIdPollStatus.Obtained, value, null, 0);

    /// <summary>Obtaining an id failed for good.</summary>
    public static ProducerIdPoll Failed(KafkaException error) => new(ProducerIdPollStatus.Failed, ProducerIdAndEpoch.None, error, long.MaxValue);
}
