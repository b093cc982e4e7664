namespace Brook.Producer.Tests.Client;

/// <summary>
/// The system clock and timers, with a wall clock the test can move ahead (<see cref="Advance"/>): delivery.timeout.ms
/// and close deadlines (wall clock) pass when the test says so, never by machine speed, while everything else runs in
/// real time. The sender polls at most every 250 ms, so it notices a jump without a timer.
/// </summary>
internal sealed class ShiftableTimeProvider : TimeProvider
{
    private long _offsetTicks;

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    /// <summary>Moves the wall clock ahead by <paramref name="delta"/>.</summary>
    public void Advance(TimeSpan delta) => Interlocked.Add(ref _offsetTicks, delta.Ticks);
}
