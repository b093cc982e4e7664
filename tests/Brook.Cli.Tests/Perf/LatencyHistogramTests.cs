using Brook.Cli.Perf;
using Brook.Tests.Shared;

namespace Brook.Cli.Tests.Perf;

public sealed class LatencyHistogramTests
{
    [Fact]
    public void Percentile_WhenEmpty_IsZero()
    {
        var h = new LatencyHistogram();
        Assert.Equal(0, h.PercentileMicros(0.99));
        Assert.Equal(0, h.MaxMicros);
        Assert.Equal(0, h.MeanMicros);
    }

    [Fact]
    public void Record_BelowExactLimit_IsExact()
    {
        var h = new LatencyHistogram();
        for (var v = 0; v < 256; v++)
        {
            h.Record(v);
        }

        Assert.Equal(128, h.PercentileMicros(0.5));
        Assert.Equal(255, h.PercentileMicros(1.0));
        Assert.Equal(0, h.PercentileMicros(0));
        Assert.Equal(127.5, h.MeanMicros);
    }

    [Fact]
    public void Percentiles_OfRandomLatencies_AreWithinOnePercentOfNearestRank()
    {
        var random = new Random(42);
        var h = new LatencyHistogram();
        var values = new long[20_000];
        for (var i = 0; i < values.Length; i++)
        {
            // log-uniform from 1 µs to ~10 s
            values[i] = (long)Math.Exp(random.NextDouble() * Math.Log(10_000_000));
            h.Record(values[i]);
        }

        Array.Sort(values);
        foreach (var q in new[] { 0.5, 0.95, 0.99, 0.999 })
        {
            var exact = values[(int)(q * values.Length)];
            var got = h.PercentileMicros(q);
            Assert.InRange(got, exact * 0.99, exact * 1.01);
        }

        Assert.Equal(values[^1], h.MaxMicros);
        Assert.Equal(values.Average(v => (double)v), h.MeanMicros, 6);
    }

    [Fact]
    public void IndexOf_AndRepresentative_RoundTripEveryBucketBoundary()
    {
        for (long v = 1; v < 1L << 40; v = (v * 3 / 2) + 1)
        {
            var rep = LatencyHistogram.Representative(LatencyHistogram.IndexOf(v));
            Assert.InRange(rep, v * 0.99, v * 1.01);
        }
    }

    [Fact]
    public void Record_FromManyThreads_CountsEveryValue()
    {
        var h = new LatencyHistogram();
        Parallel.For(0, 4, _ =>
        {
            for (var i = 0; i < 10_000; i++)
            {
                h.Record(i);
            }
        });
        Assert.Equal(40_000, h.Count);
        Assert.Equal(9_999, h.MaxMicros);
    }

    [Fact]
    public void Record_InSteadyState_DoesNotAllocate()
    {
        var h = new LatencyHistogram();
        h.Record(1);
        var allocated = ThreadAllocation.Quietest(() =>
        {
            for (var i = 0; i < 100_000; i++)
            {
                h.Record(i * 7);
            }
        });

        Assert.Equal(0, allocated);
    }

    [Fact]
    public void Percentile_OutOfRange_ThrowsNamingTheRange()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new LatencyHistogram().PercentileMicros(99));
        Assert.Contains("between 0 and 1", ex.Message, StringComparison.Ordinal);
    }
}
