namespace Brook.Benchmarks.SideBySide;

/// <summary>One measured run of one client.</summary>
/// <param name="Client">Client name.</param>
/// <param name="Acks">acks used.</param>
/// <param name="Records">Records sent.</param>
/// <param name="Size">Value bytes per record.</param>
/// <param name="Elapsed">First send to flush completion.</param>
/// <param name="P50Ms">Median ack latency, ms.</param>
/// <param name="P99Ms">99th percentile ack latency, ms.</param>
/// <param name="P999Ms">99.9th percentile ack latency, ms.</param>
/// <param name="CpuMicrosPerRecord">Process CPU time (user + kernel, all threads) per record, µs.</param>
/// <param name="AllocatedBytesPerRecord">Managed bytes allocated (all threads) per record.</param>
/// <param name="Failed">Records the client reported failed.</param>
/// <param name="Unmatched">Acknowledgements that matched no send (duplicates).</param>
public sealed record RunResult(
    string Client,
    short Acks,
    int Records,
    int Size,
    TimeSpan Elapsed,
    double P50Ms,
    double P99Ms,
    double P999Ms,
    double CpuMicrosPerRecord,
    double AllocatedBytesPerRecord,
    int Failed,
    int Unmatched)
{
    /// <summary>Time the GC paused managed threads during the run, ms.</summary>
    public double GcPauseMs { get; init; }

    /// <summary>Garbage collections (all generations) during the run.</summary>
    public int GcCount { get; init; }

    /// <summary>The client's own diagnostics line after the run (<see cref="IProducerClient.Diagnostics"/>).</summary>
    public string Diagnostics { get; init; } = string.Empty;

    /// <summary>Offered rate of a paced run, records/s (0 = unpaced).</summary>
    public double OfferedRate { get; init; }

    /// <summary>The cluster's CPU time per record, µs (child-process cluster only; NaN when unknown).</summary>
    public double ClusterCpuMicrosPerRecord { get; init; } = double.NaN;

    /// <summary>Records per second one core of the cluster handles at the measured CPU cost (NaN when unknown).</summary>
    public double ClusterRecordsPerCoreSecond => 1e6 / ClusterCpuMicrosPerRecord;

    /// <summary>Records per second.</summary>
    public double RecordsPerSecond => Records / Elapsed.TotalSeconds;

    /// <summary>Value megabytes (10^6 bytes) per second.</summary>
    public double MegabytesPerSecond => (double)Records * Size / 1e6 / Elapsed.TotalSeconds;
}
