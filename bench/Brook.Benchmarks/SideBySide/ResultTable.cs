using System.Globalization;
using System.Text;

namespace Brook.Benchmarks.SideBySide;

/// <summary>Prints results as a fixed-width text table.</summary>
public static class ResultTable
{
    private static readonly string[] Headers =
        ["client", "acks", "records", "size", "msg/s", "MB/s", "p50 ms", "p99 ms", "p99.9 ms", "CPU us/rec", "alloc B/rec", "failed", "dup acks", "cluster CPU us/rec", "cluster rec/s/core"];

    /// <summary>Formats <paramref name="results"/> with one row each.</summary>
    public static string Format(IReadOnlyList<RunResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var rows = new List<string[]> { Headers };
        foreach (var r in results)
        {
            rows.Add([
                r.Client,
                SideBySideRunner.AcksText(r.Acks),
                N(r.Records, "N0"),
                N(r.Size, "N0"),
                N(r.RecordsPerSecond, "N0"),
                N(r.MegabytesPerSecond, "N1"),
                N(r.P50Ms, "N2"),
                N(r.P99Ms, "N2"),
                N(r.P999Ms, "N2"),
                N(r.CpuMicrosPerRecord, "N2"),
                N(r.AllocatedBytesPerRecord, "N1"),
                N(r.Failed, "N0"),
                N(r.Unmatched, "N0"),
                N(r.ClusterCpuMicrosPerRecord, "N3"),
                N(r.ClusterRecordsPerCoreSecond, "N0"),
            ]);
        }

        var widths = new int[Headers.Length];
        foreach (var row in rows)
        {
            for (var c = 0; c < row.Length; c++)
            {
                widths[c] = Math.Max(widths[c], row[c].Length);
            }
        }

        var text = new StringBuilder();
        for (var r = 0; r < rows.Count; r++)
        {
            for (var c = 0; c < widths.Length; c++)
            {
                var cell = rows[r][c];
                text.Append(c < 2 ? cell.PadRight(widths[c]) : cell.PadLeft(widths[c])).Append(c + 1 < widths.Length ? "  " : string.Empty);
            }

            text.AppendLine();
            if (r == 0)
            {
                text.AppendLine(new string('-', widths.Sum() + (2 * (widths.Length - 1))));
            }
        }

        return text.ToString();
    }

    private static string N(double value, string format) =>
        double.IsNaN(value) ? "-" : value.ToString(format, CultureInfo.InvariantCulture);
}
