namespace Brook.Cluster.Model;

internal sealed partial class ClusterState
{
    private ITimer? _ticker;
    private Thread? _tickerThread;
    private CancellationTokenSource? _tickerStop;
    private int _ticking;

    /// <summary>
    /// Runs <see cref="Tick"/> every <paramref name="periodMs"/> of cluster time (overlapping ticks are skipped, not
    /// queued). On the system clock a dedicated thread sleeps between ticks: a thread-pool timer would wake a pool
    /// worker 200 times a second, and each then spins before parking (a third of the cluster's CPU under load, see
    /// bench/README.md). Any other <see cref="TimeProvider"/> gets one of its timers, so a FakeTimeProvider fires the
    /// ticks as tests advance the clock.
    /// </summary>
    public void StartTicker(int periodMs)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(periodMs, 1);
        StopTicker();
        lock (_adminLock)
        {
            var period = TimeSpan.FromMilliseconds(periodMs);
            if (TimeProvider == TimeProvider.System)
            {
                var stop = new CancellationTokenSource();
                _tickerStop = stop;
                _tickerThread = new Thread(() => RunTicker(stop.Token, period)) { IsBackground = true, Name = "brook-cluster-ticker" };
                _tickerThread.Start();
            }
            else
            {
                _ticker = TimeProvider.CreateTimer(static state => ((ClusterState)state!).TickOnce(), this, period, period);
            }
        }
    }

    /// <summary>Stops the ticker (waiting, bounded, for a running tick); replication then moves only on appends and explicit <see cref="Tick"/> calls.</summary>
    public void StopTicker()
    {
        Thread? thread;
        lock (_adminLock)
        {
            _ticker?.Dispose();
            _ticker = null;
            _tickerStop?.Cancel();
            _tickerStop = null;
            thread = _tickerThread;
            _tickerThread = null;
        }

        // Outside the admin lock: a tick in progress may need it.
        if (thread is not null && thread != Thread.CurrentThread)
        {
            thread.Join(TimeSpan.FromSeconds(5));
        }
    }

    private void RunTicker(CancellationToken stop, TimeSpan period)
    {
        var stopped = stop.WaitHandle;
        while (!stopped.WaitOne(period))
        {
            TickOnce();
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
