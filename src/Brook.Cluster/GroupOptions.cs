namespace Brook.Cluster;

/// <summary>Group coordinator settings, named after their Kafka broker config keys. Defaults match Kafka's.</summary>
public sealed record GroupOptions
{
    /// <summary>
    /// <c>group.initial.rebalance.delay.ms</c>: how long the first rebalance of an empty group waits for more members
    /// (extended by this much for each newcomer, up to the rebalance timeout). Default 3000; tests usually set 0.
    /// </summary>
    public int InitialRebalanceDelayMs { get; init; } = 3000;

    /// <summary><c>group.min.session.timeout.ms</c>: smallest session timeout a member may ask for. Default 6000.</summary>
    public int MinSessionTimeoutMs { get; init; } = 6000;

    /// <summary><c>group.max.session.timeout.ms</c>: largest session timeout a member may ask for. Default 1800000.</summary>
    public int MaxSessionTimeoutMs { get; init; } = 1_800_000;

    /// <summary>
    /// <c>offsets.topic.num.partitions</c>: the number of coordinator slots a key hashes into before the slot is
    /// mapped onto the live brokers. Default 50.
    /// </summary>
    public int CoordinatorSlots { get; init; } = 50;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting and how to fix it.</summary>
    public void Validate()
    {
        if (InitialRebalanceDelayMs < 0)
        {
            throw new ArgumentException($"InitialRebalanceDelayMs (group.initial.rebalance.delay.ms) must be 0 or more, was {InitialRebalanceDelayMs}.", nameof(InitialRebalanceDelayMs));
        }

        if (MinSessionTimeoutMs < 1 || MaxSessionTimeoutMs < MinSessionTimeoutMs)
        {
            throw new ArgumentException(
                $"Session timeout bounds must satisfy 1 <= MinSessionTimeoutMs <= MaxSessionTimeoutMs (group.min/max.session.timeout.ms), were {MinSessionTimeoutMs} and {MaxSessionTimeoutMs}.",
                nameof(MinSessionTimeoutMs));
        }

        if (CoordinatorSlots < 1)
        {
            throw new ArgumentException($"CoordinatorSlots (offsets.topic.num.partitions) must be at least 1, was {CoordinatorSlots}.", nameof(CoordinatorSlots));
        }
    }
}
