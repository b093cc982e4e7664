using System.Diagnostics;

namespace Brook.Benchmarks.SideBySide;

/// <summary>
/// Send and acknowledgement timestamps for one measured phase on a fresh topic. On a fresh topic the k-th record
/// sent to a partition gets offset k, so an acknowledgement's (partition, offset) finds its send time without any
/// per-record bookkeeping object. Latency = acknowledgement callback time − time just before <c>Send</c>.
/// </summary>
public sealed class AckTracker
{
    private readonly long[][] _sentAt;
    private readonly int[] _sentCount;
    private readonly long[] _latencyTicks;
    private int _acked;
    private int _failed;
    private int _unmatched;

    /// <summary>Creates a tracker for at most <paramref name="perPartition"/> records per partition.</summary>
    public AckTracker(int partitions, int perPartition)
    {
        _sentAt = new long[partitions][];
        for (var p = 0; p < partitions; p++)
        {
            _sentAt[p] = new long[perPartition];
        }

        _sentCount = new int[partitions];
        _latencyTicks = new long[partitions * perPartition];
    }

    /// <summary>Acknowledged records so far.</summary>
    public int AckedCount => Volatile.Read(ref _acked);

    /// <summary>Records the client reported as failed.</summary>
    public int FailedCount => Volatile.Read(ref _failed);

    /// <summary>Acknowledgements whose offset did not match a send (retries that duplicated, or a reused topic).</summary>
    public int UnmatchedCount => Volatile.Read(ref _unmatched);

    /// <summary>Called by the harness on the sending thread just before <see cref="IProducerClient.Send"/>.</summary>
    public void Sent(int partition) => _sentAt[partition][_sentCount[partition]++] = Stopwatch.GetTimestamp();

    /// <summary>
    /// Paced runs: records the time the record was <em>due</em> (<see cref="Brook.TestSupport.Benchmarking.RatePacer.IntendedTimestamp"/>,
    /// a <see cref="Stopwatch"/> timestamp), not when the sender got to it, so a sender held up by a blocking client
    /// counts the wait as latency (no coordinated omission).
    /// </summary>
    public void Sent(int partition, long intendedTimestamp) => _sentAt[partition][_sentCount[partition]++] = intendedTimestamp;

    /// <summary>
    /// Forgets the acknowledgements so far (a warm-up on the same topic); later ones are the measurement. Call only
    /// when everything sent so far was acknowledged (after a flush).
    /// </summary>
    public void BeginMeasurement()
    {
        Volatile.Write(ref _acked, 0);
        Volatile.Write(ref _failed, 0);
        Volatile.Write(ref _unmatched, 0);
    }

    /// <summary>Called by the client when a record is acknowledged at <paramref name="offset"/>.</summary>
    public void Acked(int partition, long offset)
    {
        var now = Stopwatch.GetTimestamp();
        var sent = _sentAt[partition];
        if ((ulong)offset >= (ulong)sent.Length || sent[offset] == 0)
        {
            Interlocked.Increment(ref _unmatched);
            return;
        }

        var index = Interlocked.Increment(ref _acked) - 1;
        if (index < _latencyTicks.Length)
        {
            _latencyTicks[index] = now - sent[offset];
        }
    }

    /// <summary>Called by the client when a record failed for good.</summary>
    public void Failed() => Interlocked.Increment(ref _failed);

    /// <summary>Latency percentiles in milliseconds (nearest rank) over the acknowledged records; NaN when none.</summary>
    public (double P50, double P99, double P999) Percentiles()
    {
        var count = Math.Min(AckedCount, _latencyTicks.Length);
        if (count == 0)
        {
            return (double.NaN, double.NaN, double.NaN);
        }

        var sorted = _latencyTicks.AsSpan(0, count).ToArray();
        Array.Sort(sorted);
        return (Rank(sorted, 0.50), Rank(sorted, 0.99), Rank(sorted, 0.999));
    }

    private static double Rank(long[] sorted, double quantile)
    {
        var index = Math.Clamp((int)Math.Ceiling(quantile * sorted.Length) - 1, 0, sorted.Length - 1);
        return sorted[index] * 1000.0 / Stopwatch.Frequency;
    }
}
