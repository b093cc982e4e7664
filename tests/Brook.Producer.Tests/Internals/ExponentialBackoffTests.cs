using Brook.Producer.Internals;

namespace Brook.Producer.Tests.Internals;

public sealed class ExponentialBackoffTests
{
    // producer-algorithms.md §7 with defaults (100, 1000): 80-120, 160-240, 320-480, 640-960, then 800-1000.
    [Theory]
    [InlineData(0, 80, 120)]
    [InlineData(1, 160, 240)]
    [InlineData(2, 320, 480)]
    [InlineData(3, 640, 960)]
    [InlineData(4, 800, 1000)]
    [InlineData(20, 800, 1000)]
    public void BackoffMs_WithDefaults_StaysInJitterBand(int attempts, long min, long max)
    {
        var backoff = new ExponentialBackoff(100, 1000, new RandomSource(7));
        var seenLow = false;
        var seenHigh = false;
        for (var i = 0; i < 500; i++)
        {
            var value = backoff.BackoffMs(attempts);
            Assert.InRange(value, min, max);
            seenLow |= value < (min + max) / 2;
            seenHigh |= value > (min + max) / 2;
        }

        Assert.True(seenLow && seenHigh, "jitter should spread values across the band");
    }

    [Fact]
    public void BackoffMs_WhenInitialAboveMax_IsConstantMax()
    {
        var backoff = new ExponentialBackoff(5000, 1000, new RandomSource(1));
        Assert.Equal(1000, backoff.BackoffMs(0));
        Assert.Equal(1000, backoff.BackoffMs(9));
    }

    [Fact]
    public void BackoffMs_WhenInitialEqualsMax_IsConstant()
    {
        var backoff = new ExponentialBackoff(100, 100, new RandomSource(1));
        Assert.Equal(100, backoff.BackoffMs(0));
        Assert.Equal(100, backoff.BackoffMs(5));
    }

    [Fact]
    public void BackoffMs_SameSeed_SameSequence()
    {
        var a = new ExponentialBackoff(50, 1000, new RandomSource(42));
        var b = new ExponentialBackoff(50, 1000, new RandomSource(42));
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(a.BackoffMs(i), b.BackoffMs(i));
        }
    }

    [Fact]
    public void BackoffMs_WithoutJitter_DoublesExactly()
    {
        var backoff = new ExponentialBackoff(50, 1000, new RandomSource(1), jitter: 0);
        Assert.Equal([50L, 100, 200, 400, 800, 1000], Enumerable.Range(0, 6).Select(i => backoff.BackoffMs(i)));
    }

    [Fact]
    public void ForReconnects_UsesReconnectKeys()
    {
        var options = new ProducerOptions { ReconnectBackoffMs = 50, ReconnectBackoffMaxMs = 1000 };
        var backoff = ExponentialBackoff.ForReconnects(options, new RandomSource(3));
        Assert.InRange(backoff.BackoffMs(0), 40, 60);
        Assert.InRange(backoff.BackoffMs(10), 800, 1000);
    }

    [Fact]
    public void ForRetries_UsesRetryKeys()
    {
        var options = new ProducerOptions { RetryBackoffMs = 200, RetryBackoffMaxMs = 200 };
        Assert.Equal(200, ExponentialBackoff.ForRetries(options, new RandomSource(3)).BackoffMs(7));
    }
}
