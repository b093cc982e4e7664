using Brook.TestSupport.Benchmarking;
using Microsoft.Extensions.Time.Testing;

namespace Brook.IntegrationTests.Benchmarking;

public sealed class LatencyBoundSweepTests
{
    [Theory]
    [InlineData(37_000)]
    [InlineData(123_456)]
    [InlineData(700_000)]
    public void Report_AgainstAFixedCapacity_ConvergesBelowItWithinTheResolution(double capacity)
    {
        var time = new FakeTimeProvider();
        var sweep = new LatencyBoundSweep(5_000, 500, 2_000_000, 30, 0.1, TimeSpan.FromMinutes(5), time);
        var tried = new List<double>();

        while (sweep.NextRate is { } rate)
        {
            tried.Add(rate);
            sweep.Report(rate <= capacity);
            time.Advance(TimeSpan.FromSeconds(3));
        }

        Assert.Equal(SweepPhase.Done, sweep.Phase);
        Assert.StartsWith("converged", sweep.StopReason, StringComparison.Ordinal);
        Assert.NotNull(sweep.HighestPassing);
        Assert.InRange(sweep.HighestPassing.Value, capacity / 1.1, capacity);
        Assert.InRange(sweep.LowestFailing!.Value, capacity + 1, capacity * 1.1);
        Assert.Equal(tried.Count, sweep.Steps);
        Assert.Equal([5_000, 10_000, 20_000], tried.Take(3));
    }

    [Fact]
    public void Report_WhenTheFirstRateFails_ClimbsTwiceThenHalvesFromTheStart()
    {
        var sweep = new LatencyBoundSweep(8_000, 500, 100_000, 30, 0.1, TimeSpan.FromMinutes(5), new FakeTimeProvider());

        sweep.Report(false);
        Assert.Equal(SweepPhase.Climbing, sweep.Phase);
        Assert.Equal(32_000, sweep.NextRate);
        sweep.Report(false);
        Assert.Equal(100_000, sweep.NextRate); // x4 again, capped at the highest rate
        sweep.Report(false);
        Assert.Equal(SweepPhase.Halving, sweep.Phase);
        Assert.Equal(4_000, sweep.NextRate);
        sweep.Report(false);
        Assert.Equal(2_000, sweep.NextRate);
        sweep.Report(true);

        Assert.Equal(SweepPhase.Bisecting, sweep.Phase);
        Assert.Equal(3_000, sweep.NextRate);
        Assert.Equal(2_000, sweep.HighestPassing);
        Assert.Equal(4_000, sweep.LowestFailing);
    }

    [Fact]
    public void Report_WithALowRateLatencyFloor_FindsTheLimitAboveIt()
    {
        // Latency over the bound below 10,000/s (one record per batch waits the whole linger) and above 300,000/s.
        var sweep = new LatencyBoundSweep(4_000, 500, 2_000_000, 30, 0.1, TimeSpan.FromMinutes(5), new FakeTimeProvider());
        while (sweep.NextRate is { } rate)
        {
            sweep.Report(rate is >= 10_000 and <= 300_000);
        }

        Assert.StartsWith("converged", sweep.StopReason, StringComparison.Ordinal);
        Assert.InRange(sweep.HighestPassing!.Value, 300_000 / 1.1, 300_000);
        Assert.InRange(sweep.LowestFailing!.Value, 300_001, 300_000 * 1.1); // the 4,000/s floor failure is not the limit
    }

    [Fact]
    public void Report_FailingAtTheLowestRate_StopsWithNoPassingRate()
    {
        var sweep = new LatencyBoundSweep(1_000, 500, 100_000, 30, 0.1, TimeSpan.FromMinutes(5), new FakeTimeProvider());
        var tried = new List<double>();

        while (sweep.NextRate is { } rate)
        {
            tried.Add(rate);
            sweep.Report(false);
        }

        Assert.Equal([1_000, 4_000, 16_000, 500], tried);
        Assert.Null(sweep.HighestPassing);
        Assert.Equal(500, sweep.LowestFailing);
        Assert.Contains("lowest rate", sweep.StopReason, StringComparison.Ordinal);
    }

    [Fact]
    public void Report_PassingAtTheHighestRate_StopsThere()
    {
        var sweep = new LatencyBoundSweep(30_000, 500, 100_000, 30, 0.1, TimeSpan.FromMinutes(5), new FakeTimeProvider());

        sweep.Report(true);
        Assert.Equal(60_000, sweep.NextRate);
        sweep.Report(true);
        Assert.Equal(100_000, sweep.NextRate);
        sweep.Report(true);

        Assert.Null(sweep.NextRate);
        Assert.Equal(100_000, sweep.HighestPassing);
        Assert.Contains("highest rate", sweep.StopReason, StringComparison.Ordinal);
    }

    [Fact]
    public void Report_AtTheStepLimit_Stops()
    {
        var sweep = new LatencyBoundSweep(1_000, 500, 10_000_000, 4, 0.1, TimeSpan.FromMinutes(5), new FakeTimeProvider());

        for (var i = 0; i < 4; i++)
        {
            sweep.Report(true);
        }

        Assert.Null(sweep.NextRate);
        Assert.Equal(8_000, sweep.HighestPassing);
        Assert.Contains("step limit", sweep.StopReason, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => sweep.Report(true));
    }

    [Fact]
    public void Report_OnceTheTimeBudgetIsUsed_StartsNoNewStep()
    {
        var time = new FakeTimeProvider();
        var sweep = new LatencyBoundSweep(1_000, 500, 10_000_000, 30, 0.1, TimeSpan.FromSeconds(10), time);

        time.Advance(TimeSpan.FromSeconds(6));
        sweep.Report(true);
        Assert.Equal(2_000, sweep.NextRate);
        time.Advance(TimeSpan.FromSeconds(6));
        sweep.Report(true);

        Assert.Null(sweep.NextRate);
        Assert.Contains("time budget", sweep.StopReason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(10_000, 10_000, 9.9, 30.0, 0, true)]
    [InlineData(10_000, 10_000, 10.0, 30.0, 0, true)]
    [InlineData(10_000, 10_000, 10.1, 5.0, 0, false)]
    [InlineData(10_000, 8_000, 2.0, 3.0, 0, false)]
    [InlineData(10_000, 10_000, 2.0, 3.0, 1, false)]
    [InlineData(10_000, 10_000, double.NaN, double.NaN, 0, false)]
    public void IsMet_JudgesP99ThroughputAndFailures(double offered, double achieved, double p99, double p999, int failed, bool expected) =>
        Assert.Equal(expected, new LatencyBound(10).IsMet(offered, achieved, p99, p999, failed));

    [Fact]
    public void IsMet_WithAP999Bound_ChecksItToo()
    {
        var bound = new LatencyBound(10, 20);

        Assert.True(bound.IsMet(1_000, 1_000, 5, 20, 0));
        Assert.False(bound.IsMet(1_000, 1_000, 5, 20.5, 0));
    }
}
