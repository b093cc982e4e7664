namespace Brook.Producer.Metrics;

internal sealed partial class ProducerMetrics
{
    /// <summary>Reads every metric now; safe to call from any thread.</summary>
    public ProducerMetricsSnapshot Snapshot()
    {
        var now = NowMs();
        var pool = _bufferPool;
        return new ProducerMetricsSnapshot
        {
            RecordSendRate = _sendRate.Rate(now),
            RecordSendTotal = Interlocked.Read(ref _recordSendCount),
            ByteRate = _byteRate.Rate(now),
            ByteTotal = Interlocked.Read(ref _byteCount),
            RecordSizeAvg = _recordSizeStat.Avg(now),
            RecordSizeMax = _recordSizeStat.Max(now),
            BatchSizeAvg = _batchSizeStat.Avg(now),
            BatchSizeMax = _batchSizeStat.Max(now),
            BatchSplitRate = _splitRate.Rate(now),
            BatchSplitTotal = Interlocked.Read(ref _batchSplitCount),
            RecordsPerRequestAvg = _recordsPerRequestStat.Avg(now),
            CompressionRateAvg = _compressionRateStat.Avg(now),
            RequestLatencyAvg = _requestLatencyStat.Avg(now),
            RequestLatencyMax = _requestLatencyStat.Max(now),
            RecordQueueTimeAvg = _queueTimeStat.Avg(now),
            RecordQueueTimeMax = _queueTimeStat.Max(now),
            RecordRetryRate = _retryRate.Rate(now),
            RecordRetryTotal = Interlocked.Read(ref _recordRetryCount),
            RecordErrorRate = _errorRate.Rate(now),
            RecordErrorTotal = Interlocked.Read(ref _recordErrorCount),
            RequestsInFlight = Interlocked.Read(ref _requestsInFlight),
            BufferTotalBytes = pool?.TotalMemory ?? 0,
            BufferAvailableBytes = pool?.AvailableMemory ?? 0,
            WaitingThreads = pool?.QueuedCount ?? 0,
            BufferPoolWaitTimeNsTotal = Interlocked.Read(ref _bufferPoolWaitNs),
            BufferPoolWaitRatio = _waitTimeRate.Rate(now) / 1e9,
            BufferExhaustedRate = _exhaustedRate.Rate(now),
            BufferExhaustedTotal = Interlocked.Read(ref _bufferExhaustedCount),
            FlushTimeNsTotal = Interlocked.Read(ref _flushTimeNs),
            MetadataAge = MetadataAgeSeconds(),
        };
    }
}
