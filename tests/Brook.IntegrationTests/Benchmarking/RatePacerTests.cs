using Brook.TestSupport.Benchmarking;
using Microsoft.Extensions.Time.Testing;

namespace Brook.IntegrationTests.Benchmarking;

public sealed class RatePacerTests
{
    [Fact]
    public void DueCount_FollowsTheOfferedRateFromTheStart()
    {
        var time = new FakeTimeProvider();
        var pacer = new RatePacer(time, 100_000, time.GetTimestamp());

        Assert.Equal(1, pacer.DueCount(time.GetTimestamp()));
        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(101, pacer.DueCount(time.GetTimestamp()));
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(100_101, pacer.DueCount(time.GetTimestamp()));
    }

    [Fact]
    public void DueCount_BeforeTheStart_IsZero()
    {
        var time = new FakeTimeProvider();
        var pacer = new RatePacer(time, 1_000, time.GetTimestamp() + time.TimestampFrequency);

        Assert.Equal(0, pacer.DueCount(time.GetTimestamp()));
    }

    [Fact]
    public void IntendedTimestamp_DoesNotMoveWhenTheSenderFallsBehind()
    {
        var time = new FakeTimeProvider();
        var start = time.GetTimestamp();
        var pacer = new RatePacer(time, 1_000, start);

        // The sender stalled for 50 ms: record 10 was still due at 10 ms, so its latency includes the 40 ms it waited.
        time.Advance(TimeSpan.FromMilliseconds(50));

        Assert.Equal(start + (time.TimestampFrequency / 100), pacer.IntendedTimestamp(10));
        Assert.Equal(51, pacer.DueCount(time.GetTimestamp()));
        Assert.Equal(TimeSpan.Zero, pacer.Until(10, time.GetTimestamp()));
    }

    [Fact]
    public void Until_NextRecordAhead_IsTheRemainingGap()
    {
        var time = new FakeTimeProvider();
        var pacer = new RatePacer(time, 1_000, time.GetTimestamp());
        time.Advance(TimeSpan.FromMilliseconds(2.5));

        Assert.Equal(3, pacer.DueCount(time.GetTimestamp()));
        Assert.Equal(TimeSpan.FromMilliseconds(0.5), pacer.Until(3, time.GetTimestamp()));
    }

    [Fact]
    public void Bursts_OfOneMillisecondTicks_SendEveryRecordOnceAtTheOfferedRate()
    {
        var time = new FakeTimeProvider();
        var pacer = new RatePacer(time, 250_000, time.GetTimestamp());
        long sent = 0;
        var bursts = 0;
        while (sent < 1_000_000)
        {
            var due = Math.Min(1_000_000, pacer.DueCount(time.GetTimestamp()));
            if (due > sent)
            {
                Assert.InRange(due - sent, 1, 251);
                sent = due;
                bursts++;
            }

            time.Advance(TimeSpan.FromMilliseconds(1));
        }

        Assert.Equal(1_000_000, sent);
        Assert.InRange(bursts, 4_000, 4_001);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-5.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Constructor_WithRateNotAboveZero_Throws(double rate) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new RatePacer(TimeProvider.System, rate, 0));
}
