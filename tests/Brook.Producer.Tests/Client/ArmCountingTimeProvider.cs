using Microsoft.Extensions.Time.Testing;

namespace Brook.Producer.Tests.Client;

/// <summary>
/// A <see cref="FakeTimeProvider"/> (time moves only when the test advances it) that counts how often a timer was armed
/// with a finite due time: the sender arms its wake-up timer right before it sleeps, so a count above zero on a fresh
/// producer means its loop ran a pass and went to sleep.
/// </summary>
internal sealed class ArmCountingTimeProvider() : FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000))
{
    private int _arms;

    public int Arms => Volatile.Read(ref _arms);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        new Counting(this, base.CreateTimer(callback, state, dueTime, period));

    private sealed class Counting(ArmCountingTimeProvider owner, ITimer inner) : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            if (dueTime != Timeout.InfiniteTimeSpan)
            {
                Interlocked.Increment(ref owner._arms);
            }

            return inner.Change(dueTime, period);
        }

        public void Dispose() => inner.Dispose();

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
