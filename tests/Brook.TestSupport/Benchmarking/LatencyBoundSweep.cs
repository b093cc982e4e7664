namespace Brook.TestSupport.Benchmarking;

/// <summary>
/// Finds the highest offered rate whose measured latency stays within a bound, in a bounded number of steps and a
/// bounded time: double from <c>startRate</c> while steps pass, then bisect between the highest passing and the lowest
/// failing rate above it until they are within <c>resolution</c> of each other. When the first step fails, higher
/// rates are probed first (<see cref="SweepPhase.Climbing"/>): latency is not monotonic in the rate at the low end, where
/// every batch carries a record or two and waits the whole linger.ms, so a rate can fail while higher ones pass; only
/// when those fail too does the rate halve from the start. The caller measures each <see cref="NextRate"/> and reports it with <see cref="Report"/>; the sweep itself
/// does no I/O, so tests drive it with a fake clock and a made-up latency curve.
/// </summary>
public sealed class LatencyBoundSweep
{
    /// <summary>Higher rates probed after a failing first step, each <see cref="ClimbFactor"/> times the last.</summary>
    private const int MaxClimbs = 2;

    private const double ClimbFactor = 4;

    private readonly TimeProvider _time;
    private readonly long _started;
    private readonly double _maxRate;
    private readonly double _minRate;
    private readonly int _maxSteps;
    private readonly double _resolution;
    private readonly TimeSpan _budget;
    private readonly double _startRate;
    private readonly List<double> _failed = [];
    private int _climbs;

    /// <summary>Creates a sweep; the time budget starts now on <paramref name="time"/>.</summary>
    /// <param name="startRate">First rate to try, records/s.</param>
    /// <param name="minRate">Lowest rate worth trying; below it the sweep gives up with no passing rate.</param>
    /// <param name="maxRate">Highest rate to try; a pass there ends the sweep.</param>
    /// <param name="maxSteps">Most measurements.</param>
    /// <param name="resolution">Stop bisecting when (failing − passing) / passing is at most this (0.1 = 10%).</param>
    /// <param name="budget">No new step starts once this much time has passed.</param>
    /// <param name="time">Clock of the budget.</param>
    public LatencyBoundSweep(double startRate, double minRate, double maxRate, int maxSteps, double resolution, TimeSpan budget, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        if (!(minRate > 0) || !(startRate >= minRate) || !(maxRate >= startRate))
        {
            throw new ArgumentOutOfRangeException(nameof(startRate), $"Rates must satisfy 0 < min ({minRate}) <= start ({startRate}) <= max ({maxRate}).");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(maxSteps, 1);
        if (!(resolution > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(resolution), resolution, "The resolution must be above 0 (0.1 = stop within 10%).");
        }

        _time = time;
        _started = time.GetTimestamp();
        _minRate = minRate;
        _maxRate = maxRate;
        _maxSteps = maxSteps;
        _resolution = resolution;
        _budget = budget;
        _startRate = startRate;
        NextRate = startRate;
    }

    /// <summary>The rate to measure next; null once the sweep is done.</summary>
    public double? NextRate { get; private set; }

    /// <summary>Current phase.</summary>
    public SweepPhase Phase { get; private set; } = SweepPhase.Doubling;

    /// <summary>Highest rate measured within the bound; null when none was.</summary>
    public double? HighestPassing { get; private set; }

    /// <summary>
    /// Lowest rate measured beyond the bound above <see cref="HighestPassing"/> (any, while nothing passed); null when
    /// there is none. A failure below a passing rate is the low-rate floor, not the limit.
    /// </summary>
    public double? LowestFailing
    {
        get
        {
            double? lowest = null;
            foreach (var rate in _failed)
            {
                if ((HighestPassing is not { } passing || rate > passing) && (lowest is null || rate < lowest))
                {
                    lowest = rate;
                }
            }

            return lowest;
        }
    }

    /// <summary>Steps reported so far.</summary>
    public int Steps { get; private set; }

    /// <summary>Why the sweep stopped (empty while running).</summary>
    public string StopReason { get; private set; } = string.Empty;

    /// <summary>Reports the measurement of <see cref="NextRate"/> and picks the next rate (or stops).</summary>
    public void Report(bool withinBound)
    {
        if (NextRate is not { } rate)
        {
            throw new InvalidOperationException("The sweep is done: check NextRate for null before measuring another step.");
        }

        Steps++;
        if (withinBound)
        {
            HighestPassing = Math.Max(HighestPassing ?? 0, rate);
        }
        else
        {
            _failed.Add(rate);
        }

        NextRate = Choose(withinBound, rate);
        if (NextRate is null)
        {
            Phase = SweepPhase.Done;
        }
        else if (Steps >= _maxSteps)
        {
            Stop($"step limit ({_maxSteps}) reached");
        }
        else if (_time.GetElapsedTime(_started) >= _budget)
        {
            Stop($"time budget ({_budget.TotalSeconds:0} s) used");
        }
    }

    private double? Choose(bool withinBound, double rate)
    {
        if (HighestPassing is { } low && LowestFailing is { } high)
        {
            Phase = SweepPhase.Bisecting;
            if ((high - low) / low <= _resolution)
            {
                StopReason = $"converged within {_resolution:P0}";
                return null;
            }

            return Math.Round((low + high) / 2);
        }

        if (withinBound)
        {
            Phase = SweepPhase.Doubling;
            if (rate >= _maxRate)
            {
                StopReason = $"passed at the highest rate tried ({_maxRate:N0}/s)";
                return null;
            }

            return Math.Min(rate * 2, _maxRate);
        }

        if (HighestPassing is null && Phase is SweepPhase.Doubling or SweepPhase.Climbing && _climbs < MaxClimbs && rate < _maxRate)
        {
            _climbs++;
            Phase = SweepPhase.Climbing;
            return Math.Min(rate * ClimbFactor, _maxRate);
        }

        Phase = SweepPhase.Halving;
        var from = Math.Min(rate, _startRate); // after climbing, halve from the start
        if (from <= _minRate)
        {
            StopReason = $"beyond the bound even at the lowest rate tried ({_minRate:N0}/s)";
            return null;
        }

        return Math.Max(from / 2, _minRate);
    }

    private void Stop(string reason)
    {
        NextRate = null;
        Phase = SweepPhase.Done;
        StopReason = reason;
    }
}
