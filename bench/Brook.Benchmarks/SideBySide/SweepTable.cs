using System.Globalization;
using System.Text;

namespace Brook.Benchmarks.SideBySide;

/// <summary>Prints sweep results: one row per client and acks, then the brook/confluent ratio of the max rates.</summary>
public static class SweepTable
{
    /// <summary>Formats <paramref name="results"/> for a bound of <paramref name="p99MaxMs"/>.</summary>
    public static string Format(IReadOnlyList<SweepResult> results, double p99MaxMs, int size)
    {
        ArgumentNullException.ThrowIfNull(results);
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Latency-bounded throughput: highest paced rate with p99 <= {p99MaxMs} ms, {size} B values").AppendLine();
        text.AppendLine("client     acks  max rate/s   msg/s     p50 ms  p99 ms  p99.9 ms  CPU us/rec  alloc B/rec  cluster CPU us/rec  first beyond/s  steps  load  stop");
        foreach (var r in results)
        {
            var b = r.Best;
            text.Append(CultureInfo.InvariantCulture,
                $"{r.Client,-10} {SideBySideRunner.AcksText(r.Acks),-4} {r.MaxRate,11:N0} {N(b?.RecordsPerSecond, "N0"),9} {N(b?.P50Ms, "N2"),8} {N(b?.P99Ms, "N2"),7} {N(b?.P999Ms, "N2"),9} " +
                $"{N(b?.CpuMicrosPerRecord, "N2"),11} {N(b?.AllocatedBytesPerRecord, "N1"),12} {N(b?.ClusterCpuMicrosPerRecord, "N3"),19} {N(r.LowestFailingRate, "N0"),15} {r.Steps.Count,6} " +
                $"{r.LoadAverage.Start:N0}-{r.LoadAverage.End:N0}  {r.StopReason}").AppendLine();
        }

        var goal = size <= 100 ? 2.0 : 1.3;
        foreach (var mine in results)
        {
            if (mine.Client != "brook")
            {
                continue;
            }

            foreach (var other in results)
            {
                if (other.Client != "confluent" || other.Acks != mine.Acks)
                {
                    continue;
                }

                var ratio = other.MaxRate > 0 ? mine.MaxRate / other.MaxRate : double.NaN;
                var cpu = mine.Best is { } m && other.Best is { } o ? m.CpuMicrosPerRecord / o.CpuMicrosPerRecord : double.NaN;
                text.Append(CultureInfo.InvariantCulture,
                    $"brook/confluent acks={SideBySideRunner.AcksText(mine.Acks)}: max rate at p99 <= {p99MaxMs} ms x{N(ratio, "N2")} (issue 4 goal >= x{goal:N1}: ")
                    .Append(double.IsNaN(ratio) ? "not judged" : ratio >= goal ? "met" : "NOT met")
                    .Append(CultureInfo.InvariantCulture, $"), CPU/rec at those rates x{N(cpu, "N2")}").AppendLine();
            }
        }

        return text.ToString();
    }

    private static string N(double? value, string format) =>
        value is not { } v || double.IsNaN(v) ? "-" : v.ToString(format, CultureInfo.InvariantCulture);
}
