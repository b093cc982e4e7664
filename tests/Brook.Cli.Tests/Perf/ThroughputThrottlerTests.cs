using Brook.Cli.Perf;
using Microsoft.Extensions.Time.Testing;

namespace Brook.Cli.Tests.Perf;

public sealed class ThroughputThrottlerTests
{
    [Fact]
    public void DelayBefore_WhenUnlimited_IsZero()
    {
        var t = new ThroughputThrottler(-1, new FakeTimeProvider());
        Assert.False(t.IsEnabled);
        Assert.Equal(TimeSpan.Zero, t.DelayBefore(1_000_000));
    }

    [Fact]
    public void DelayBefore_WhenAheadOfSchedule_WaitsUntilDue()
    {
        var time = new FakeTimeProvider();
        var t = new ThroughputThrottler(100, time); // record n due at n*10 ms
        t.Start();
        Assert.Equal(TimeSpan.FromMilliseconds(100), t.DelayBefore(10));
        time.Advance(TimeSpan.FromMilliseconds(60));
        Assert.Equal(TimeSpan.FromMilliseconds(40), t.DelayBefore(10));
    }

    [Fact]
    public void DelayBefore_WhenBehindOrUnderMinimum_IsZero()
    {
        var time = new FakeTimeProvider();
        var t = new ThroughputThrottler(1000, time); // 1 ms per record
        t.Start();
        Assert.Equal(TimeSpan.Zero, t.DelayBefore(1)); // 1 ms ahead < 2 ms minimum
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(TimeSpan.Zero, t.DelayBefore(500));
    }

    [Fact]
    public async Task ThrottleAsync_CompletesWhenFakeTimeReachesDue()
    {
        var time = new FakeTimeProvider();
        var t = new ThroughputThrottler(10, time);
        t.Start();
        var wait = t.ThrottleAsync(5, TestContext.Current.CancellationToken).AsTask(); // due at 500 ms
        Assert.False(wait.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(499));
        Assert.False(wait.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(1));
        await wait.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
    }

    [Fact]
    public void Constructor_WithZero_ThrowsNamingTheFix()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new ThroughputThrottler(0, TimeProvider.System));
        Assert.Contains("-1 for no limit", ex.Message, StringComparison.Ordinal);
    }
}
