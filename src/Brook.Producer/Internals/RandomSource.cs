namespace Brook.Producer.Internals;

/// <summary>
/// The producer's one source of randomness (partition choice, backoff jitter): seedable so tests are
/// deterministic, and safe to call from several threads (a <see cref="Random"/> guarded by a lock).
/// </summary>
internal sealed class RandomSource
{
    private readonly Random _random;
    private readonly Lock _lock = new();

    /// <summary>Creates a source; a null seed draws one from the shared random.</summary>
    public RandomSource(int? seed)
    {
        _random = seed is { } s ? new Random(s) : new Random(Random.Shared.Next());
    }

    /// <summary>A non-negative random int.</summary>
    public int NextInt()
    {
        lock (_lock)
        {
            return _random.Next();
        }
    }

    /// <summary>A random double in [minInclusive, maxExclusive).</summary>
    public double NextDouble(double minInclusive, double maxExclusive)
    {
        lock (_lock)
        {
            return minInclusive + (_random.NextDouble() * (maxExclusive - minInclusive));
        }
    }
}
