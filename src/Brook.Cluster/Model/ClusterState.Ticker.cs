namespace Brook.Cluster.Model;

internal sealed partial class ClusterState
{
    private ITimer? _ticker;
    private int _ticking;

    /// <summary>
    /// Runs <see cref="Tick"/> every <paramref name="periodMs"/> of cluster time on a <see cref="TimeProvider"/> timer
    /// (a FakeTimeProvider fires it as tests advance the clock). Overlapping ticks are skipped, not queued.
    /// </summary>
    public void StartTicker(int periodMs)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(periodMs, 1);
        lock (_adminLock)
        {
            _ticker?.Dispose();
            var period = TimeSpan.FromMilliseconds(periodMs);
            _ticker = TimeProvider.CreateTimer(static state => ((ClusterState)state!).TickOnce(), this, period, period);
        }
    }

    /// <summary>Stops the ticker; replication then moves only on appends and explicit <see cref="Tick"/> calls.</summary>
    public void StopTicker()
    {
        lock (_adminLock)
        {
            _ticker?.Dispose();
            _ticker = null;
        }
    }

    private void TickOnce()
    {
        if (Interlocked.Exchange(ref _ticking, 1) == 1)
        {
            return;
        }

        try
        {
            Tick();
        }
        finally
        {
            Volatile.Write(ref _ticking, 0);
        }
    }
}
