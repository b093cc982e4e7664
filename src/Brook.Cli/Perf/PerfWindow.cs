namespace Brook.Cli.Perf;

/// <summary>The figures of one reporting window (Java ProducerPerformance's 5-second line).</summary>
/// <param name="Count">Records acknowledged in the window.</param>
/// <param name="Bytes">Value bytes acknowledged in the window.</param>
/// <param name="ElapsedMs">Window length, ms.</param>
/// <param name="AvgLatencyMs">Mean latency in the window, ms.</param>
/// <param name="MaxLatencyMs">Largest latency in the window, ms.</param>
internal readonly record struct PerfWindow(long Count, long Bytes, double ElapsedMs, double AvgLatencyMs, double MaxLatencyMs);
