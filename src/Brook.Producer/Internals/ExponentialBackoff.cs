namespace Brook.Producer.Internals;

/// <summary>
/// KIP-580 exponential backoff with jitter (producer-algorithms.md §7): starts at <c>initialMs</c>, doubles per
/// attempt up to <c>maxMs</c>, each value scaled by a uniform factor in [1 - jitter, 1 + jitter) and capped at
/// <c>maxMs</c>. Used for retry.backoff.ms, reconnect.backoff.ms, connection-setup timeouts and metadata refresh.
/// </summary>
internal sealed class ExponentialBackoff
{
    private readonly long _initialMs;
    private readonly long _maxMs;
    private readonly double _multiplier;
    private readonly double _jitter;
    private readonly double _expMax;
    private readonly RandomSource _random;

    /// <summary>Creates the backoff.</summary>
    /// <param name="initialMs">The first backoff (e.g. retry.backoff.ms); clamped to <paramref name="maxMs"/>.</param>
    /// <param name="maxMs">The largest backoff (e.g. retry.backoff.max.ms).</param>
    /// <param name="random">The seedable jitter source.</param>
    /// <param name="multiplier">Growth per attempt (2 in Kafka).</param>
    /// <param name="jitter">Relative jitter (0.2 in Kafka).</param>
    public ExponentialBackoff(long initialMs, long maxMs, RandomSource random, double multiplier = 2, double jitter = 0.2)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(initialMs);
        ArgumentOutOfRangeException.ThrowIfNegative(maxMs);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(multiplier, 1.0);
        ArgumentOutOfRangeException.ThrowIfNegative(jitter);
        _initialMs = Math.Min(initialMs, maxMs);
        _maxMs = maxMs;
        _multiplier = multiplier;
        _jitter = jitter;
        _random = random;
        _expMax = maxMs > _initialMs
            ? Math.Log(maxMs / (double)Math.Max(_initialMs, 1)) / Math.Log(multiplier)
            : 0;
    }

    /// <summary>Retry backoff: retry.backoff.ms growing to retry.backoff.max.ms.</summary>
    public static ExponentialBackoff ForRetries(ProducerOptions options, RandomSource random) =>
        new(options.RetryBackoffMs, options.RetryBackoffMaxMs, random);

    /// <summary>Reconnect backoff: reconnect.backoff.ms growing to reconnect.backoff.max.ms.</summary>
    public static ExponentialBackoff ForReconnects(ProducerOptions options, RandomSource random) =>
        new(options.ReconnectBackoffMs, options.ReconnectBackoffMaxMs, random);

    /// <summary>Connection-setup timeout: socket.connection.setup.timeout.ms growing to its .max.ms.</summary>
    public static ExponentialBackoff ForConnectionSetup(ProducerOptions options, RandomSource random) =>
        new(options.SocketConnectionSetupTimeoutMs, options.SocketConnectionSetupTimeoutMaxMs, random);

    /// <summary>
    /// The backoff after <paramref name="attempts"/> failed attempts (0 for the first retry's wait).
    /// Each call draws fresh jitter; callers draw once per retry and remember it.
    /// </summary>
    public long BackoffMs(long attempts)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(attempts);
        if (_expMax == 0)
        {
            return _initialMs;
        }

        var exp = Math.Min(attempts, _expMax);
        var term = _initialMs * Math.Pow(_multiplier, exp);
        var factor = _jitter < double.Epsilon ? 1.0 : _random.NextDouble(1 - _jitter, 1 + _jitter);
        var value = (long)Math.Floor(factor * term);
        return Math.Min(value, _maxMs);
    }
}
