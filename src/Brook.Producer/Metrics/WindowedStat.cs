namespace Brook.Producer.Metrics;

/// <summary>
/// Sampled statistics over a sliding window, as Java's <c>SampledStat</c>: <c>numSamples</c> samples of
/// <c>windowMs</c> each; a sample starts at its first event, and samples older than the whole window are purged
/// before measuring. Gives average, maximum and rate (sum per second, Java <c>Rate</c>'s window rules).
/// Guarded by a small lock: callers record per batch or per request, not per record.
/// </summary>
internal sealed class WindowedStat
{
    private readonly Lock _lock = new();
    private readonly long _windowMs;
    private readonly Sample[] _samples;
    private int _current;
    private int _used;

    /// <summary>Creates the stat.</summary>
    /// <param name="windowMs">metrics.sample.window.ms.</param>
    /// <param name="numSamples">metrics.num.samples.</param>
    public WindowedStat(long windowMs, int numSamples)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(windowMs);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(numSamples);
        _windowMs = windowMs;
        _samples = new Sample[numSamples];
    }

    /// <summary>Records one value at <paramref name="nowMs"/>.</summary>
    public void Record(double value, long nowMs) => Record(value, 1, value, nowMs);

    /// <summary>
    /// Records <paramref name="count"/> values at once, summing to <paramref name="sum"/> with the largest
    /// <paramref name="max"/> (a batch's records: per-record statistics at per-batch cost).
    /// </summary>
    public void Record(double sum, long count, double max, long nowMs)
    {
        lock (_lock)
        {
            if (_used == 0)
            {
                _samples[0].Reset(nowMs);
                _used = 1;
                _current = 0;
            }
            else if (nowMs >= _samples[_current].StartMs + _windowMs)
            {
                _current = (_current + 1) % _samples.Length;
                _used = Math.Max(_used, _current + 1);
                _samples[_current].Reset(nowMs);
            }

            ref var sample = ref _samples[_current];
            sample.Max = sample.Count == 0 ? max : Math.Max(sample.Max, max);
            sample.Count += count;
            sample.Sum += sum;
        }
    }

    /// <summary>Average of the values in the window, or NaN with none (as Java).</summary>
    public double Avg(long nowMs)
    {
        var (sum, count, _, _) = Measure(nowMs);
        return count == 0 ? double.NaN : sum / count;
    }

    /// <summary>Largest value in the window, or NaN with none (as Java).</summary>
    public double Max(long nowMs)
    {
        var (_, count, max, _) = Measure(nowMs);
        return count == 0 ? double.NaN : max;
    }

    /// <summary>Sum of recorded values per second over the window (Java <c>Rate</c>).</summary>
    public double Rate(long nowMs)
    {
        var (sum, _, _, oldestStartMs) = Measure(nowMs);
        var elapsedMs = nowMs - oldestStartMs;
        var fullWindows = elapsedMs / _windowMs;
        var minFullWindows = _samples.Length - 1;

        // A young window counts as at least (numSamples - 1) full windows so an early burst is not over-reported.
        if (fullWindows < minFullWindows)
        {
            elapsedMs += (minFullWindows - fullWindows) * _windowMs;
        }

        return sum / (Math.Max(elapsedMs, 1) / 1000.0);
    }

    private (double Sum, long Count, double Max, long OldestStartMs) Measure(long nowMs)
    {
        lock (_lock)
        {
            var expireAge = _samples.Length * _windowMs;
            double sum = 0;
            long count = 0;
            var max = double.NegativeInfinity;
            var oldest = nowMs;
            for (var i = 0; i < _used; i++)
            {
                ref var sample = ref _samples[i];
                if (nowMs - sample.StartMs >= expireAge)
                {
                    sample.Reset(nowMs);
                }

                sum += sample.Sum;
                count += sample.Count;
                if (sample.Count > 0)
                {
                    max = Math.Max(max, sample.Max);
                }

                oldest = Math.Min(oldest, sample.StartMs);
            }

            return (sum, count, max, oldest);
        }
    }

    private struct Sample
    {
        public long StartMs;
        public long Count;
        public double Sum;
        public double Max;

        public void Reset(long startMs)
        {
            StartMs = startMs;
            Count = 0;
            Sum = 0;
            Max = 0;
        }
    }
}
