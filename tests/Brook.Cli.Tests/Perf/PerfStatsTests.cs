using Brook.Cli.Perf;
using Microsoft.Extensions.Time.Testing;

namespace Brook.Cli.Tests.Perf;

public sealed class PerfStatsTests
{
    [Fact]
    public void Record_BeforeInterval_DoesNotCloseWindow()
    {
        var time = new FakeTimeProvider();
        var stats = new PerfStats(time);
        time.Advance(TimeSpan.FromMilliseconds(4999));
        Assert.False(stats.Record(1000, 100, out _));
    }

    [Fact]
    public void Record_AfterInterval_ClosesWindowWithItsFigures()
    {
        var time = new FakeTimeProvider();
        var stats = new PerfStats(time);
        Assert.False(stats.Record(1000, 100, out _));
        time.Advance(TimeSpan.FromSeconds(5));
        Assert.True(stats.Record(3000, 100, out var w));
        Assert.Equal(2, w.Count);
        Assert.Equal(200, w.Bytes);
        Assert.Equal(5000, w.ElapsedMs);
        Assert.Equal(2.0, w.AvgLatencyMs);
        Assert.Equal(3.0, w.MaxLatencyMs);

        // the next window starts empty
        time.Advance(TimeSpan.FromSeconds(5));
        Assert.True(stats.Record(500, 10, out var next));
        Assert.Equal(1, next.Count);
    }

    [Fact]
    public void Totals_ReportRunFiguresInMilliseconds()
    {
        var time = new FakeTimeProvider();
        var stats = new PerfStats(time);
        stats.Restart();
        for (var i = 1; i <= 1000; i++)
        {
            stats.Record(i * 1000L, 100, out _); // 1..1000 ms
        }

        time.Advance(TimeSpan.FromSeconds(2));
        var t = stats.Totals();
        Assert.Equal(1000, t.Count);
        Assert.Equal(100_000, t.Bytes);
        Assert.Equal(2000, t.ElapsedMs);
        Assert.Equal(500.5, t.AvgLatencyMs, 6);
        Assert.Equal(1000, t.MaxLatencyMs);
        Assert.InRange(t.P50Ms, 496, 506); // sorted[500] = 501 ms, within bucket error
        Assert.InRange(t.P99Ms, 981, 1000);
        Assert.Equal(t.MaxLatencyMs, (double)t.P999Ms, 0);
    }

    [Fact]
    public void Restart_ForgetsEverything()
    {
        var time = new FakeTimeProvider();
        var stats = new PerfStats(time);
        stats.Record(5, 5, out _);
        stats.Restart();
        Assert.Equal(0, stats.Count);
        Assert.Equal(0, stats.Bytes);
    }
}
