using System.Globalization;
using Brook.Protocol.Errors;

namespace Brook.Producer;

/// <summary>
/// The circuit breaker of a <see cref="ResilientProducer{TKey, TValue}"/> (Polly.Core's advanced breaker): it opens when,
/// within <see cref="SamplingDurationMs"/>, at least <see cref="MinimumThroughput"/> sends completed and at least
/// <see cref="FailureRatio"/> of them failed with an error <see cref="ShouldTrip"/> accepts. While open, sends throw
/// <see cref="Polly.CircuitBreaker.BrokenCircuitException"/> at once (naming the failure that opened it) without
/// touching the producer; after <see cref="BreakDurationMs"/> one probe send goes through (half-open): success closes
/// the circuit, failure opens it again. For "open after N failures" with no successes in between, set
/// <see cref="FailureRatio"/> to 1 and <see cref="MinimumThroughput"/> to N.
/// </summary>
public sealed record ProducerCircuitBreakerOptions
{
    /// <summary>Fraction of failed sends in the window that opens the circuit, in (0, 1]. Default 0.5.</summary>
    public double FailureRatio { get; init; } = 0.5;

    /// <summary>Sends that must complete in the window before the ratio counts, at least 2. Default 10.</summary>
    public int MinimumThroughput { get; init; } = 10;

    /// <summary>Length of the sampling window in ms, at least 500. Default 30000.</summary>
    public long SamplingDurationMs { get; init; } = 30_000;

    /// <summary>How long the circuit stays open before a probe, in ms, at least 500. Default 5000.</summary>
    public long BreakDurationMs { get; init; } = 5_000;

    /// <summary>
    /// Which failed sends count against the circuit (given the record's error, e.g. the delivery's
    /// <see cref="KafkaException"/>); null uses <see cref="IsClusterFailure"/>. Failures it rejects count as successes.
    /// </summary>
    public Func<KafkaException, bool>? ShouldTrip { get; init; }

    /// <summary>
    /// The default <see cref="ShouldTrip"/>: true for what says the cluster (not the record) is unwell — timeouts
    /// (delivery.timeout.ms, max.block.ms), exhausted buffer memory, retriable errors whose retries ran out, fatal and
    /// authorization errors; false for errors about the record itself (MESSAGE_TOO_LARGE, RECORD_LIST_TOO_LARGE,
    /// INVALID_RECORD, CORRUPT_MESSAGE, INVALID_TIMESTAMP), which the dead-letter queue is for.
    /// </summary>
    public static bool IsClusterFailure(KafkaException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return error.ErrorCode is not (ErrorCode.MessageTooLarge or ErrorCode.RecordListTooLarge or ErrorCode.InvalidRecord
            or ErrorCode.CorruptMessage or ErrorCode.InvalidTimestamp);
    }

    /// <summary>Checks the values against Polly's limits; throws naming the bad value.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    public void Validate()
    {
        if (FailureRatio is <= 0 or > 1 || double.IsNaN(FailureRatio))
        {
            throw new ArgumentOutOfRangeException(nameof(FailureRatio), FailureRatio, "FailureRatio must be in (0, 1]: the fraction of failed sends in the sampling window that opens the circuit (1 = every send failed).");
        }

        if (MinimumThroughput < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(MinimumThroughput), MinimumThroughput, "MinimumThroughput must be at least 2 (Polly's minimum): the sends that must complete in the window before the circuit may open.");
        }

        if (SamplingDurationMs < 500)
        {
            throw new ArgumentOutOfRangeException(nameof(SamplingDurationMs), SamplingDurationMs, string.Create(CultureInfo.InvariantCulture, $"SamplingDurationMs must be at least 500 (Polly's minimum); got {SamplingDurationMs}."));
        }

        if (BreakDurationMs < 500)
        {
            throw new ArgumentOutOfRangeException(nameof(BreakDurationMs), BreakDurationMs, string.Create(CultureInfo.InvariantCulture, $"BreakDurationMs must be at least 500 (Polly's minimum); got {BreakDurationMs}."));
        }
    }
}
