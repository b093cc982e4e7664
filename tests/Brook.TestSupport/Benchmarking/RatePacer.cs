namespace Brook.TestSupport.Benchmarking;

/// <summary>
/// Open-loop pacing at a fixed offered rate: record <c>i</c> is due at <c>start + i / rate</c> on
/// <see cref="TimeProvider"/> timestamps, whatever happened to the records before it. A sender asks how many records
/// are due now, sends them as one burst, and sleeps until the next one is due; latency is measured from
/// <see cref="IntendedTimestamp"/>, so a producer that blocks or falls behind shows its queueing in the latency
/// instead of hiding it by delaying the next send (coordinated omission).
/// </summary>
public sealed class RatePacer
{
    private readonly long _start;
    private readonly double _ticksPerRecord;
    private readonly long _frequency;

    /// <summary>Paces <paramref name="recordsPerSecond"/> from <paramref name="startTimestamp"/> (a <paramref name="time"/> timestamp).</summary>
    public RatePacer(TimeProvider time, double recordsPerSecond, long startTimestamp)
    {
        ArgumentNullException.ThrowIfNull(time);
        if (!(recordsPerSecond > 0) || double.IsInfinity(recordsPerSecond))
        {
            throw new ArgumentOutOfRangeException(nameof(recordsPerSecond), recordsPerSecond, "The offered rate must be a finite number of records per second above 0.");
        }

        _frequency = time.TimestampFrequency;
        _ticksPerRecord = _frequency / recordsPerSecond;
        _start = startTimestamp;
    }

    /// <summary>The timestamp at which record <paramref name="index"/> should be sent.</summary>
    public long IntendedTimestamp(long index) => _start + (long)(index * _ticksPerRecord);

    /// <summary>How many records (indexes 0 .. result−1) are due at <paramref name="nowTimestamp"/>.</summary>
    public long DueCount(long nowTimestamp) =>
        nowTimestamp < _start ? 0 : (long)Math.Floor((nowTimestamp - _start) / _ticksPerRecord) + 1;

    /// <summary>How long until record <paramref name="index"/> is due; zero when it already is.</summary>
    public TimeSpan Until(long index, long nowTimestamp)
    {
        var ticks = IntendedTimestamp(index) - nowTimestamp;
        return ticks <= 0 ? TimeSpan.Zero : TimeSpan.FromTicks((long)Math.Ceiling(ticks * (double)TimeSpan.TicksPerSecond / _frequency));
    }
}
