namespace Brook.Producer.Tests.Client;

/// <summary>
/// The system's monotonic clock and timers (so the sender and metadata waits run normally) with a wall clock frozen at
/// one instant (so nothing the send path rate-limits by wall time depends on machine speed); counts the clock reads
/// made on one thread.
/// </summary>
internal sealed class CountingTimeProvider : TimeProvider
{
    private static readonly DateTimeOffset Frozen = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000);
    private readonly TimeProvider _inner = System;
    private int _threadId = -1;

    /// <summary><see cref="GetUtcNow"/> calls on the counted thread.</summary>
    public int UtcNowReads { get; private set; }

    /// <summary><see cref="GetTimestamp"/> calls on the counted thread.</summary>
    public int TimestampReads { get; private set; }

    public override long TimestampFrequency => _inner.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => _inner.LocalTimeZone;

    /// <summary>From now on counts the reads of the calling thread only (the sender and dispatcher read it too).</summary>
    public void CountCurrentThread()
    {
        UtcNowReads = 0;
        TimestampReads = 0;
        Volatile.Write(ref _threadId, Environment.CurrentManagedThreadId);
    }

    public override DateTimeOffset GetUtcNow()
    {
        if (Environment.CurrentManagedThreadId == Volatile.Read(ref _threadId))
        {
            UtcNowReads++;
        }

        return Frozen;
    }

    public override long GetTimestamp()
    {
        if (Environment.CurrentManagedThreadId == Volatile.Read(ref _threadId))
        {
            TimestampReads++;
        }

        return _inner.GetTimestamp();
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        _inner.CreateTimer(callback, state, dueTime, period);
}
