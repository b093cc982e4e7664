namespace Brook.Cli.Perf;

/// <summary>
/// Paces a send loop to a target rate, like Java's ThroughputThrottler but on a schedule instead of a sleep deficit:
/// record n is due <c>n / rate</c> seconds after <see cref="Start"/>; the loop waits only when it is at least
/// <see cref="MinWaitMs"/> ahead (shorter waits are absorbed by the next one, as Java's 2 ms minimum sleep). Time
/// comes from the injected <see cref="TimeProvider"/>, so tests drive it with a fake clock.
/// </summary>
internal sealed class ThroughputThrottler
{
    /// <summary>Smallest wait worth taking, ms.</summary>
    public const double MinWaitMs = 2;

    private readonly TimeProvider _time;
    private long _start;

    /// <summary>Creates a throttler; <paramref name="recordsPerSecond"/> &lt; 0 disables it.</summary>
    public ThroughputThrottler(double recordsPerSecond, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        if (recordsPerSecond == 0 || double.IsNaN(recordsPerSecond))
        {
            throw new ArgumentOutOfRangeException(nameof(recordsPerSecond), recordsPerSecond, "The throughput must be positive (records/sec) or -1 for no limit.");
        }

        RecordsPerSecond = recordsPerSecond;
        _time = time;
        _start = time.GetTimestamp();
    }

    /// <summary>Target rate; negative means unlimited.</summary>
    public double RecordsPerSecond { get; }

    /// <summary>Whether the throttler ever waits.</summary>
    public bool IsEnabled => RecordsPerSecond > 0;

    /// <summary>Starts the schedule now.</summary>
    public void Start() => _start = _time.GetTimestamp();

    /// <summary>How long to wait before sending the record after <paramref name="sentSoFar"/> records; zero when not ahead.</summary>
    public TimeSpan DelayBefore(long sentSoFar)
    {
        if (!IsEnabled)
        {
            return TimeSpan.Zero;
        }

        var dueMs = sentSoFar * 1000.0 / RecordsPerSecond;
        var aheadMs = dueMs - _time.GetElapsedTime(_start).TotalMilliseconds;
        return aheadMs >= MinWaitMs ? TimeSpan.FromMilliseconds(aheadMs) : TimeSpan.Zero;
    }

    /// <summary>Waits (on the injected clock) until the record after <paramref name="sentSoFar"/> is due.</summary>
    public ValueTask ThrottleAsync(long sentSoFar, CancellationToken cancellationToken = default)
    {
        var delay = DelayBefore(sentSoFar);
        return delay == TimeSpan.Zero ? ValueTask.CompletedTask : new ValueTask(Task.Delay(delay, _time, cancellationToken));
    }
}
