namespace Brook.Cli.Perf;

/// <summary>
/// Run and window accounting for <c>brook perf</c>, after Java's ProducerPerformance.Stats: only acknowledged records
/// count; latencies go to a fixed-memory <see cref="LatencyHistogram"/> (every record, no sampling); a window closes
/// when a record arrives <see cref="ReportingIntervalMs"/> or more after it opened. Allocation-free per record;
/// one short lock guards the window so delivery callbacks may run on any thread.
/// </summary>
internal sealed class PerfStats
{
    /// <summary>Java's reporting interval.</summary>
    public const int DefaultReportingIntervalMs = 5000;

    private readonly TimeProvider _time;
    private readonly LatencyHistogram _latencies = new();
    private readonly Lock _lock = new();
    private long _start;
    private long _bytes;
    private long _windowStart;
    private long _windowCount;
    private long _windowBytes;
    private long _windowLatencySum;
    private long _windowLatencyMax;

    /// <summary>Starts the run clock now.</summary>
    public PerfStats(TimeProvider time, int reportingIntervalMs = DefaultReportingIntervalMs)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(reportingIntervalMs);
        _time = time;
        ReportingIntervalMs = reportingIntervalMs;
        _start = time.GetTimestamp();
        _windowStart = _start;
    }

    /// <summary>Window length, ms.</summary>
    public int ReportingIntervalMs { get; }

    /// <summary>Records acknowledged so far.</summary>
    public long Count => _latencies.Count;

    /// <summary>Value bytes acknowledged so far.</summary>
    public long Bytes => Interlocked.Read(ref _bytes);

    /// <summary>Time since <see cref="Restart"/> (or construction).</summary>
    public TimeSpan Elapsed => _time.GetElapsedTime(Interlocked.Read(ref _start));

    /// <summary>Restarts the run and window clocks, keeping nothing (call right before the first send).</summary>
    public void Restart()
    {
        lock (_lock)
        {
            _latencies.Reset();
            Interlocked.Exchange(ref _bytes, 0);
            _start = _time.GetTimestamp();
            _windowStart = _start;
            _windowCount = _windowBytes = _windowLatencySum = _windowLatencyMax = 0;
        }
    }

    /// <summary>
    /// Records one acknowledged record. Returns true, with the closed window's figures, when the window has run for
    /// the reporting interval; the next window starts now.
    /// </summary>
    public bool Record(long latencyMicros, int bytes, out PerfWindow closed)
    {
        _latencies.Record(latencyMicros);
        Interlocked.Add(ref _bytes, bytes);
        var now = _time.GetTimestamp();
        lock (_lock)
        {
            _windowCount++;
            _windowBytes += bytes;
            _windowLatencySum += latencyMicros;
            _windowLatencyMax = Math.Max(_windowLatencyMax, latencyMicros);
            var elapsedMs = _time.GetElapsedTime(_windowStart, now).TotalMilliseconds;
            if (elapsedMs < ReportingIntervalMs)
            {
                closed = default;
                return false;
            }

            closed = new PerfWindow(_windowCount, _windowBytes, elapsedMs, _windowLatencySum / 1000.0 / _windowCount, _windowLatencyMax / 1000.0);
            _windowStart = now;
            _windowCount = _windowBytes = _windowLatencySum = _windowLatencyMax = 0;
            return true;
        }
    }

    /// <summary>The run's figures now.</summary>
    public PerfTotals Totals() => new(
        _latencies.Count,
        Bytes,
        Elapsed.TotalMilliseconds,
        _latencies.MeanMicros / 1000.0,
        _latencies.MaxMicros / 1000.0,
        _latencies.PercentileMicros(0.5) / 1000,
        _latencies.PercentileMicros(0.95) / 1000,
        _latencies.PercentileMicros(0.99) / 1000,
        _latencies.PercentileMicros(0.999) / 1000);
}
