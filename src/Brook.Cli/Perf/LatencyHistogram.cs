namespace Brook.Cli.Perf;

/// <summary>
/// Fixed-memory latency histogram in microseconds with log-linear buckets: values below 256 µs are exact, above that
/// each power of two is split into 128 buckets, so a reported percentile is within 0.4% of the true value (the
/// bucket midpoint is at most half a 1/128 step away). Recording is lock-free (<see cref="Interlocked"/>) and
/// allocation-free, so delivery callbacks on several threads can share one instance.
/// </summary>
internal sealed class LatencyHistogram
{
    private const int SubBucketBits = 7;
    private const int SubBuckets = 1 << SubBucketBits; // 128 buckets per power of two
    private const int ExactLimit = SubBuckets * 2; // 0..255 recorded exactly
    private const int MaxShift = 40; // 256 µs * 2^40: far beyond any latency

    private readonly long[] _counts = new long[ExactLimit + (MaxShift * SubBuckets)];
    private long _count;
    private long _sum;
    private long _max;

    /// <summary>Number of values recorded.</summary>
    public long Count => Interlocked.Read(ref _count);

    /// <summary>Largest value recorded, µs (0 when empty).</summary>
    public long MaxMicros => Interlocked.Read(ref _max);

    /// <summary>Exact mean, µs (0 when empty).</summary>
    public double MeanMicros
    {
        get
        {
            var count = Count;
            return count == 0 ? 0 : (double)Interlocked.Read(ref _sum) / count;
        }
    }

    /// <summary>Records one latency; negative values count as 0.</summary>
    public void Record(long micros)
    {
        if (micros < 0)
        {
            micros = 0;
        }

        Interlocked.Increment(ref _counts[IndexOf(micros)]);
        Interlocked.Increment(ref _count);
        Interlocked.Add(ref _sum, micros);
        var max = Interlocked.Read(ref _max);
        while (micros > max)
        {
            var seen = Interlocked.CompareExchange(ref _max, micros, max);
            if (seen == max)
            {
                break;
            }

            max = seen;
        }
    }

    /// <summary>
    /// The value at quantile <paramref name="q"/> (0..1) by nearest rank on the sorted values, as Java's
    /// ProducerPerformance picks <c>sorted[(int)(q * n)]</c>; µs, 0 when empty. Never above <see cref="MaxMicros"/>.
    /// </summary>
    public long PercentileMicros(double q)
    {
        if (double.IsNaN(q) || q < 0 || q > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(q), q, "A quantile must lie between 0 and 1, e.g. 0.99 for p99.");
        }

        var count = Count;
        if (count == 0)
        {
            return 0;
        }

        var rank = Math.Min((long)(q * count), count - 1);
        long seen = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            seen += Volatile.Read(ref _counts[i]);
            if (seen > rank)
            {
                return Math.Min(Representative(i), MaxMicros);
            }
        }

        return MaxMicros;
    }

    /// <summary>Forgets every value.</summary>
    public void Reset()
    {
        Array.Clear(_counts);
        Interlocked.Exchange(ref _count, 0);
        Interlocked.Exchange(ref _sum, 0);
        Interlocked.Exchange(ref _max, 0);
    }

    internal static int IndexOf(long micros)
    {
        if (micros < ExactLimit)
        {
            return (int)micros;
        }

        // shift so the top SubBucketBits+1 bits remain: mantissa in [128, 256)
        var shift = (63 - System.Numerics.BitOperations.LeadingZeroCount((ulong)micros)) - SubBucketBits;
        if (shift > MaxShift)
        {
            return ExactLimit + (MaxShift * SubBuckets) - 1;
        }

        var mantissa = (int)(micros >> shift) - SubBuckets;
        return ExactLimit + ((shift - 1) * SubBuckets) + mantissa;
    }

    internal static long Representative(int index)
    {
        if (index < ExactLimit)
        {
            return index;
        }

        var shift = ((index - ExactLimit) / SubBuckets) + 1;
        var mantissa = ((index - ExactLimit) % SubBuckets) + SubBuckets;
        var low = (long)mantissa << shift;
        return low + ((1L << shift) / 2);
    }
}
