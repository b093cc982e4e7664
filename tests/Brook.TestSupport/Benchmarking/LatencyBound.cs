namespace Brook.TestSupport.Benchmarking;

/// <summary>
/// The verdict of one paced step: within the bound when p99 (and p99.9, if bounded) acknowledgement latency stays at
/// or below it, nothing failed, and the client kept up with the offered rate (achieved at least
/// <see cref="MinAchievedShare"/> of it), so a client that silently fell behind cannot pass.
/// </summary>
/// <param name="P99MaxMs">Bound on p99, ms.</param>
/// <param name="P999MaxMs">Bound on p99.9, ms; null = not bounded (reported only).</param>
public sealed record LatencyBound(double P99MaxMs, double? P999MaxMs = null)
{
    /// <summary>Share of the offered rate a step must achieve to pass.</summary>
    public const double MinAchievedShare = 0.9;

    /// <summary>Whether a step with these measurements stays within the bound.</summary>
    public bool IsMet(double offeredRate, double achievedRate, double p99Ms, double p999Ms, int failed) =>
        failed == 0
        && p99Ms <= P99MaxMs
        && (P999MaxMs is not { } p999Max || p999Ms <= p999Max)
        && achievedRate >= offeredRate * MinAchievedShare;
}
