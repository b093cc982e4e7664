namespace Brook.Producer;

/// <summary>
/// A point-in-time copy of the producer's metrics under their Java names (producer-algorithms.md §12). Rates are per
/// second and averages/maxima cover the last <c>metrics.sample.window.ms × metrics.num.samples</c>; an average or
/// maximum with no samples in the window is NaN, as in Java.
/// </summary>
public sealed record ProducerMetricsSnapshot
{
    /// <summary><c>record-send-rate</c>: records sent per second.</summary>
    public double RecordSendRate { get; init; }

    /// <summary><c>record-send-total</c>.</summary>
    public long RecordSendTotal { get; init; }

    /// <summary><c>byte-rate</c>: batch bytes sent per second.</summary>
    public double ByteRate { get; init; }

    /// <summary><c>byte-total</c>.</summary>
    public long ByteTotal { get; init; }

    /// <summary><c>record-size-avg</c>: average encoded record size, bytes (every record, not each batch's largest).</summary>
    public double RecordSizeAvg { get; init; }

    /// <summary><c>record-size-max</c>: the largest encoded record, bytes.</summary>
    public double RecordSizeMax { get; init; }

    /// <summary><c>batch-size-avg</c>: bytes per batch.</summary>
    public double BatchSizeAvg { get; init; }

    /// <summary><c>batch-size-max</c>.</summary>
    public double BatchSizeMax { get; init; }

    /// <summary><c>batch-split-rate</c>: batches split per second.</summary>
    public double BatchSplitRate { get; init; }

    /// <summary><c>batch-split-total</c>: batches split after MESSAGE_TOO_LARGE.</summary>
    public long BatchSplitTotal { get; init; }

    /// <summary><c>records-per-request-avg</c>.</summary>
    public double RecordsPerRequestAvg { get; init; }

    /// <summary><c>compression-rate-avg</c>: compressed / uncompressed size per batch.</summary>
    public double CompressionRateAvg { get; init; }

    /// <summary><c>request-latency-avg</c>, ms.</summary>
    public double RequestLatencyAvg { get; init; }

    /// <summary><c>request-latency-max</c>, ms.</summary>
    public double RequestLatencyMax { get; init; }

    /// <summary><c>record-queue-time-avg</c>: ms from batch creation to drain.</summary>
    public double RecordQueueTimeAvg { get; init; }

    /// <summary><c>record-queue-time-max</c>, ms.</summary>
    public double RecordQueueTimeMax { get; init; }

    /// <summary><c>record-retry-rate</c>: records retried per second.</summary>
    public double RecordRetryRate { get; init; }

    /// <summary><c>record-retry-total</c>.</summary>
    public long RecordRetryTotal { get; init; }

    /// <summary><c>record-error-rate</c>: records failed per second.</summary>
    public double RecordErrorRate { get; init; }

    /// <summary><c>record-error-total</c>.</summary>
    public long RecordErrorTotal { get; init; }

    /// <summary><c>requests-in-flight</c>.</summary>
    public long RequestsInFlight { get; init; }

    /// <summary><c>buffer-total-bytes</c>: buffer.memory.</summary>
    public long BufferTotalBytes { get; init; }

    /// <summary><c>buffer-available-bytes</c>.</summary>
    public long BufferAvailableBytes { get; init; }

    /// <summary><c>waiting-threads</c>: senders waiting for buffer memory.</summary>
    public int WaitingThreads { get; init; }

    /// <summary><c>bufferpool-wait-time-ns-total</c>.</summary>
    public long BufferPoolWaitTimeNsTotal { get; init; }

    /// <summary><c>bufferpool-wait-ratio</c>: fraction of time spent waiting for memory.</summary>
    public double BufferPoolWaitRatio { get; init; }

    /// <summary><c>buffer-exhausted-rate</c>: sends failed per second for lack of memory.</summary>
    public double BufferExhaustedRate { get; init; }

    /// <summary><c>buffer-exhausted-total</c>.</summary>
    public long BufferExhaustedTotal { get; init; }

    /// <summary><c>flush-time-ns-total</c>.</summary>
    public long FlushTimeNsTotal { get; init; }

    /// <summary><c>metadata-age</c>: seconds since the last metadata refresh (NaN before the first).</summary>
    public double MetadataAge { get; init; }

    /// <summary>The values keyed by their Java metric names, for dashboards and logs.</summary>
    public IReadOnlyDictionary<string, double> ToDictionary() => new Dictionary<string, double>(StringComparer.Ordinal)
    {
        ["record-send-rate"] = RecordSendRate,
        ["record-send-total"] = RecordSendTotal,
        ["byte-rate"] = ByteRate,
        ["byte-total"] = ByteTotal,
        ["record-size-avg"] = RecordSizeAvg,
        ["record-size-max"] = RecordSizeMax,
        ["batch-size-avg"] = BatchSizeAvg,
        ["batch-size-max"] = BatchSizeMax,
        ["batch-split-rate"] = BatchSplitRate,
        ["batch-split-total"] = BatchSplitTotal,
        ["records-per-request-avg"] = RecordsPerRequestAvg,
        ["compression-rate-avg"] = CompressionRateAvg,
        ["request-latency-avg"] = RequestLatencyAvg,
        ["request-latency-max"] = RequestLatencyMax,
        ["record-queue-time-avg"] = RecordQueueTimeAvg,
        ["record-queue-time-max"] = RecordQueueTimeMax,
        ["record-retry-rate"] = RecordRetryRate,
        ["record-retry-total"] = RecordRetryTotal,
        ["record-error-rate"] = RecordErrorRate,
        ["record-error-total"] = RecordErrorTotal,
        ["requests-in-flight"] = RequestsInFlight,
        ["buffer-total-bytes"] = BufferTotalBytes,
        ["buffer-available-bytes"] = BufferAvailableBytes,
        ["waiting-threads"] = WaitingThreads,
        ["bufferpool-wait-time-ns-total"] = BufferPoolWaitTimeNsTotal,
        ["bufferpool-wait-ratio"] = BufferPoolWaitRatio,
        ["buffer-exhausted-rate"] = BufferExhaustedRate,
        ["buffer-exhausted-total"] = BufferExhaustedTotal,
        ["flush-time-ns-total"] = FlushTimeNsTotal,
        ["metadata-age"] = MetadataAge,
    };
}
