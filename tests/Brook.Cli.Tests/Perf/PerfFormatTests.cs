using Brook.Cli.Perf;

namespace Brook.Cli.Tests.Perf;

public sealed class PerfFormatTests
{
    [Fact]
    public void Summary_MatchesJavaProducerPerformanceLine()
    {
        // 1,000,000 records of 100 B in 4 s: 250000 records/sec, 23.84 MB/sec.
        var totals = new PerfTotals(1_000_000, 100_000_000, 4000, 3.456, 123, 2, 9, 15, 40);
        Assert.Equal(
            "1000000 records sent, 250000.000000 records/sec (23.84 MB/sec), 3.46 ms avg latency, 123.00 ms max latency, 2 ms 50th, 9 ms 95th, 15 ms 99th, 40 ms 99.9th.",
            PerfFormat.Summary(totals));
    }

    [Fact]
    public void Window_MatchesJavaProducerPerformanceLine()
    {
        var window = new PerfWindow(2510, 251_000, 5002, 1.234, 25);
        Assert.Equal(
            "2510 records sent, 501.8 records/sec (0.05 MB/sec), 1.2 ms avg latency, 25.0 ms max latency.",
            PerfFormat.Window(window));
    }

    [Fact]
    public void Summary_UsesInvariantCulture()
    {
        var previous = Thread.CurrentThread.CurrentCulture;
        try
        {
            Thread.CurrentThread.CurrentCulture = new System.Globalization.CultureInfo("de-DE");
            var line = PerfFormat.Summary(new PerfTotals(10, 1000, 1000, 1.5, 2, 1, 1, 1, 1));
            Assert.StartsWith("10 records sent, 10.000000 records/sec (0.00 MB/sec), 1.50 ms avg latency, 2.00 ms max latency", line, StringComparison.Ordinal);
        }
        finally
        {
            Thread.CurrentThread.CurrentCulture = previous;
        }
    }
}
