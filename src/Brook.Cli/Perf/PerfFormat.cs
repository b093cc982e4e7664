using System.Globalization;

namespace Brook.Cli.Perf;

/// <summary>
/// The output lines of <c>brook perf</c>, character for character those of Apache Kafka's ProducerPerformance
/// (tools/.../ProducerPerformance.java): the summary prints records/sec with Java's <c>%f</c> (6 decimals), MB/sec
/// with 2, avg/max latency with 2 and percentiles as whole ms; the window line prints records/sec and latencies with
/// 1 decimal. MB is 1024 × 1024 bytes. Invariant culture: scripts parse these lines.
/// </summary>
internal static class PerfFormat
{
    /// <summary>The end-of-run summary line (no trailing newline).</summary>
    public static string Summary(in PerfTotals t)
    {
        var seconds = Math.Max(t.ElapsedMs, 1e-3) / 1000.0;
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{t.Count} records sent, {t.Count / seconds:F6} records/sec ({t.Bytes / seconds / (1024.0 * 1024.0):F2} MB/sec), {t.AvgLatencyMs:F2} ms avg latency, {t.MaxLatencyMs:F2} ms max latency, {t.P50Ms} ms 50th, {t.P95Ms} ms 95th, {t.P99Ms} ms 99th, {t.P999Ms} ms 99.9th.");
    }

    /// <summary>The 5-second progress line for non-terminal output (no trailing newline).</summary>
    public static string Window(in PerfWindow w)
    {
        var seconds = Math.Max(w.ElapsedMs, 1e-3) / 1000.0;
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{w.Count} records sent, {w.Count / seconds:F1} records/sec ({w.Bytes / seconds / (1024.0 * 1024.0):F2} MB/sec), {w.AvgLatencyMs:F1} ms avg latency, {w.MaxLatencyMs:F1} ms max latency.");
    }
}
