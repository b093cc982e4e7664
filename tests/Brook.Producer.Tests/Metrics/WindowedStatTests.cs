using Brook.Producer.Metrics;

namespace Brook.Producer.Tests.Metrics;

public sealed class WindowedStatTests
{
    [Fact]
    public void Avg_AndMax_WithoutSamples_AreNaN()
    {
        var stat = new WindowedStat(30000, 2);
        Assert.True(double.IsNaN(stat.Avg(0)));
        Assert.True(double.IsNaN(stat.Max(0)));
        Assert.Equal(0, stat.Rate(0));
    }

    [Fact]
    public void Avg_AndMax_CoverRecordedValues()
    {
        var stat = new WindowedStat(30000, 2);
        stat.Record(10, 1000);
        stat.Record(30, 2000);
        stat.Record(20, 3000);
        Assert.Equal(20, stat.Avg(3000));
        Assert.Equal(30, stat.Max(3000));
    }

    [Fact]
    public void Rate_EarlyWindow_CountsAtLeastOneFullWindow()
    {
        // Java Rate: with fewer than (samples - 1) full windows elapsed, the missing windows are added: 10 s + 30 s.
        var stat = new WindowedStat(30000, 2);
        stat.Record(300, 0);
        Assert.Equal(7.5, stat.Rate(10000), 6);
    }

    [Fact]
    public void Rate_AfterFullWindows_UsesElapsedTime()
    {
        var stat = new WindowedStat(30000, 2);
        stat.Record(100, 0);
        stat.Record(100, 30000);
        Assert.Equal(200 / 45.0, stat.Rate(45000), 6);
    }

    [Fact]
    public void Measure_DropsSamplesOlderThanAllWindows()
    {
        var stat = new WindowedStat(1000, 2);
        stat.Record(50, 0);
        stat.Record(7, 1500);
        Assert.Equal(50, stat.Max(1500));

        // At 2000 the first sample (start 0) is two windows old and is purged.
        Assert.Equal(7, stat.Max(2000));
        Assert.Equal(7, stat.Avg(2000));
        Assert.True(double.IsNaN(stat.Avg(10000)));
    }

    [Fact]
    public void Record_RollsOverCircularly()
    {
        var stat = new WindowedStat(1000, 3);
        for (var t = 0; t < 10000; t += 500)
        {
            stat.Record(1, t);
        }

        // Samples started at 7000, 8000, 9000 remain (each holding 2 events at 500 ms spacing).
        Assert.Equal(6.0 / 2.5, stat.Rate(9500), 6);
    }
}
