namespace Brook.Cluster.Faults;

/// <summary>
/// A seeded chaos schedule: every <see cref="MeanIntervalMs"/> (±50 %, from the seed) of cluster time one fault of
/// the enabled <see cref="Kinds"/> hits a seeded-random target. The same seed over the same workload and clock replays
/// the same faults (broker-semantics.md §8.1).
/// </summary>
public sealed record ChaosOptions
{
    /// <summary>Seed of the schedule.</summary>
    public int Seed { get; init; }

    /// <summary>Kinds of fault to draw from. Default all.</summary>
    public ChaosKinds Kinds { get; init; } = ChaosKinds.All;

    /// <summary>Mean cluster time between faults, in ms. Default 1000.</summary>
    public int MeanIntervalMs { get; init; } = 1000;

    /// <summary>How long a temporary fault (broker bounce, follower pause) lasts, in ms. Default 500.</summary>
    public int FaultDurationMs { get; init; } = 500;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        if (Kinds == ChaosKinds.None || (Kinds & ~ChaosKinds.All) != 0)
        {
            throw new ArgumentException($"Kinds must enable at least one known ChaosKinds flag, was {Kinds}.", nameof(Kinds));
        }

        if (MeanIntervalMs < 2)
        {
            throw new ArgumentException($"MeanIntervalMs must be at least 2, was {MeanIntervalMs}.", nameof(MeanIntervalMs));
        }

        if (FaultDurationMs < 0)
        {
            throw new ArgumentException($"FaultDurationMs must be 0 or more, was {FaultDurationMs}.", nameof(FaultDurationMs));
        }
    }
}
