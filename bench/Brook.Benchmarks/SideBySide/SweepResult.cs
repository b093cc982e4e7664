namespace Brook.Benchmarks.SideBySide;

/// <summary>One client's latency-bounded sweep at one acks setting.</summary>
/// <param name="Client">Client name.</param>
/// <param name="Acks">acks used.</param>
/// <param name="Best">The step at the highest rate within the bound; null when no rate was.</param>
/// <param name="LowestFailingRate">Lowest rate beyond the bound; null when none failed.</param>
/// <param name="Steps">Every measured step, in order.</param>
/// <param name="StopReason">Why the sweep ended.</param>
/// <param name="LoadAverage">The 1-minute load average at the start and end of the sweep (NaN where unknown).</param>
public sealed record SweepResult(
    string Client,
    short Acks,
    RunResult? Best,
    double? LowestFailingRate,
    IReadOnlyList<RunResult> Steps,
    string StopReason,
    (double Start, double End) LoadAverage)
{
    /// <summary>Highest offered rate within the bound, records/s (0 when none).</summary>
    public double MaxRate => Best?.OfferedRate ?? 0;
}
