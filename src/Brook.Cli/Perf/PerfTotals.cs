namespace Brook.Cli.Perf;

/// <summary>The figures of a whole run, as kafka-producer-perf-test's summary line reports them.</summary>
/// <param name="Count">Records acknowledged.</param>
/// <param name="Bytes">Value bytes acknowledged.</param>
/// <param name="ElapsedMs">Run length, ms.</param>
/// <param name="AvgLatencyMs">Mean latency, ms.</param>
/// <param name="MaxLatencyMs">Largest latency, ms.</param>
/// <param name="P50Ms">Median latency, whole ms (truncated, as Java's int latencies).</param>
/// <param name="P95Ms">95th percentile, whole ms.</param>
/// <param name="P99Ms">99th percentile, whole ms.</param>
/// <param name="P999Ms">99.9th percentile, whole ms.</param>
internal readonly record struct PerfTotals(
    long Count,
    long Bytes,
    double ElapsedMs,
    double AvgLatencyMs,
    double MaxLatencyMs,
    long P50Ms,
    long P95Ms,
    long P99Ms,
    long P999Ms);
