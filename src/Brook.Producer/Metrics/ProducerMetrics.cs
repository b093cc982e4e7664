using System.Diagnostics.Metrics;

namespace Brook.Producer.Metrics;

/// <summary>
/// The producer's one <see cref="Meter"/> ("Brook.Producer") with instruments under the Java metric names, plus the
/// windowed statistics behind <see cref="Snapshot"/>. Totals are Interlocked counters; windowed stats take a short
/// lock and are recorded per batch or per request, never per record.
/// </summary>
internal sealed partial class ProducerMetrics : IDisposable
{
    /// <summary>The meter name exporters subscribe to.</summary>
    public const string MeterName = "Brook.Producer";

    private readonly TimeProvider _time;
    private readonly Meter _meter;
    private readonly Counter<long> _recordSendTotal;
    private readonly Counter<long> _byteTotal;
    private readonly Counter<long> _recordRetryTotal;
    private readonly Counter<long> _recordErrorTotal;
    private readonly Counter<long> _batchSplitTotal;
    private readonly Counter<long> _bufferExhaustedTotal;
    private readonly Counter<long> _bufferPoolWaitTimeNsTotal;
    private readonly Counter<long> _flushTimeNsTotal;
    private readonly Histogram<double> _recordSize;
    private readonly Histogram<double> _batchSize;
    private readonly Histogram<double> _recordsPerRequest;
    private readonly Histogram<double> _compressionRate;
    private readonly Histogram<double> _requestLatency;
    private readonly Histogram<double> _recordQueueTime;

    private readonly WindowedStat _sendRate;
    private readonly WindowedStat _byteRate;
    private readonly WindowedStat _recordSizeStat;
    private readonly WindowedStat _batchSizeStat;
    private readonly WindowedStat _recordsPerRequestStat;
    private readonly WindowedStat _compressionRateStat;
    private readonly WindowedStat _requestLatencyStat;
    private readonly WindowedStat _queueTimeStat;
    private readonly WindowedStat _retryRate;
    private readonly WindowedStat _errorRate;
    private readonly WindowedStat _exhaustedRate;
    private readonly WindowedStat _waitTimeRate;
    private readonly WindowedStat _splitRate;

    private long _recordSendCount;
    private long _byteCount;
    private long _recordRetryCount;
    private long _recordErrorCount;
    private long _batchSplitCount;
    private long _bufferExhaustedCount;
    private long _bufferPoolWaitNs;
    private long _flushTimeNs;
    private long _requestsInFlight;
    private long _lastMetadataRefreshMs = long.MinValue;
    private IBufferPoolStats? _bufferPool;

    /// <summary>Creates the meter and instruments.</summary>
    /// <param name="meterFactory">Creates the meter (DI); null creates a standalone meter owned by this object.</param>
    /// <param name="time">The clock for windows and ages.</param>
    /// <param name="sampleWindowMs">metrics.sample.window.ms.</param>
    /// <param name="numSamples">metrics.num.samples.</param>
    /// <param name="clientId">client.id, added as a meter tag when not empty.</param>
    public ProducerMetrics(IMeterFactory? meterFactory, TimeProvider time, long sampleWindowMs, int numSamples, string clientId)
    {
        _time = time;
        var tags = string.IsNullOrEmpty(clientId) ? null : new[] { new KeyValuePair<string, object?>("client.id", clientId) };
        var options = new MeterOptions(MeterName) { Tags = tags };
        _meter = meterFactory?.Create(options) ?? new Meter(options);

        _recordSendTotal = _meter.CreateCounter<long>("record-send-total", "{record}", "Records sent.");
        _byteTotal = _meter.CreateCounter<long>("byte-total", "By", "Batch bytes sent.");
        _recordRetryTotal = _meter.CreateCounter<long>("record-retry-total", "{record}", "Records retried.");
        _recordErrorTotal = _meter.CreateCounter<long>("record-error-total", "{record}", "Records that failed.");
        _batchSplitTotal = _meter.CreateCounter<long>("batch-split-total", "{batch}", "Batches split after MESSAGE_TOO_LARGE.");
        _bufferExhaustedTotal = _meter.CreateCounter<long>("buffer-exhausted-total", "{send}", "Sends failed because buffer.memory stayed exhausted for max.block.ms.");
        _bufferPoolWaitTimeNsTotal = _meter.CreateCounter<long>("bufferpool-wait-time-ns-total", "ns", "Time spent waiting for buffer memory.");
        _flushTimeNsTotal = _meter.CreateCounter<long>("flush-time-ns-total", "ns", "Time spent in flush.");
        _recordSize = _meter.CreateHistogram<double>("record-size", "By", "Largest record of each batch (encoded, uncompressed).");
        _batchSize = _meter.CreateHistogram<double>("batch-size", "By", "Bytes per batch.");
        _recordsPerRequest = _meter.CreateHistogram<double>("records-per-request", "{record}", "Records per Produce request.");
        _compressionRate = _meter.CreateHistogram<double>("compression-rate", "1", "Compressed / uncompressed size per batch.");
        _requestLatency = _meter.CreateHistogram<double>("request-latency", "ms", "Produce request latency.");
        _recordQueueTime = _meter.CreateHistogram<double>("record-queue-time", "ms", "Time a batch waited in the accumulator.");
        _meter.CreateObservableUpDownCounter("requests-in-flight", () => Volatile.Read(ref _requestsInFlight), "{request}", "Requests awaiting a response.");
        _meter.CreateObservableGauge("buffer-total-bytes", () => _bufferPool?.TotalMemory ?? 0, "By", "buffer.memory.");
        _meter.CreateObservableGauge("buffer-available-bytes", () => _bufferPool?.AvailableMemory ?? 0, "By", "Unused buffer memory.");
        _meter.CreateObservableGauge("waiting-threads", () => _bufferPool?.QueuedCount ?? 0, "{waiter}", "Sends waiting for buffer memory.");
        _meter.CreateObservableGauge("metadata-age", () => MetadataAgeSeconds(), "s", "Seconds since the last metadata refresh.");

        _sendRate = new WindowedStat(sampleWindowMs, numSamples);
        _byteRate = new WindowedStat(sampleWindowMs, numSamples);
        _recordSizeStat = new WindowedStat(sampleWindowMs, numSamples);
        _batchSizeStat = new WindowedStat(sampleWindowMs, numSamples);
        _recordsPerRequestStat = new WindowedStat(sampleWindowMs, numSamples);
        _compressionRateStat = new WindowedStat(sampleWindowMs, numSamples);
        _requestLatencyStat = new WindowedStat(sampleWindowMs, numSamples);
        _queueTimeStat = new WindowedStat(sampleWindowMs, numSamples);
        _retryRate = new WindowedStat(sampleWindowMs, numSamples);
        _errorRate = new WindowedStat(sampleWindowMs, numSamples);
        _exhaustedRate = new WindowedStat(sampleWindowMs, numSamples);
        _waitTimeRate = new WindowedStat(sampleWindowMs, numSamples);
        _splitRate = new WindowedStat(sampleWindowMs, numSamples);
        CreateWindowedGauges();
    }

    /// <summary>The meter (for tests and for sharing with other producer components).</summary>
    public Meter Meter => _meter;

    /// <summary>Connects the buffer gauges to the pool.</summary>
    public void AttachBufferPool(IBufferPoolStats pool) => _bufferPool = pool;

    /// <summary>
    /// A batch was sent: records, bytes on the wire, the records' encoded bytes (uncompressed, without the batch header)
    /// and its largest record, its compression ratio. record-size-avg/max come out per record at this per-batch cost.
    /// </summary>
    public void RecordBatchSent(string topic, int recordCount, int sizeInBytes, int recordBytes, int maxRecordSize, double compressionRate)
    {
        var now = NowMs();
        var tag = new KeyValuePair<string, object?>("topic", topic);
        Interlocked.Add(ref _recordSendCount, recordCount);
        Interlocked.Add(ref _byteCount, sizeInBytes);
        _recordSendTotal.Add(recordCount, tag);
        _byteTotal.Add(sizeInBytes, tag);
        _batchSize.Record(sizeInBytes);
        _recordSize.Record(maxRecordSize);
        _compressionRate.Record(compressionRate);
        _sendRate.Record(recordCount, now);
        _byteRate.Record(sizeInBytes, now);
        _batchSizeStat.Record(sizeInBytes, now);
        _recordSizeStat.Record(recordBytes, recordCount, maxRecordSize, now);
        _compressionRateStat.Record(compressionRate, now);
    }

    /// <summary>A Produce request was written with this many records.</summary>
    public void RecordRequestSent(int recordCount)
    {
        Interlocked.Increment(ref _requestsInFlight);
        _recordsPerRequest.Record(recordCount);
        _recordsPerRequestStat.Record(recordCount, NowMs());
    }

    /// <summary>A Produce request completed (response, timeout or disconnect) after <paramref name="latencyMs"/>.</summary>
    public void RecordRequestCompleted(double latencyMs)
    {
        Interlocked.Decrement(ref _requestsInFlight);
        _requestLatency.Record(latencyMs);
        _requestLatencyStat.Record(latencyMs, NowMs());
    }

    /// <summary>A batch left the accumulator after waiting <paramref name="queueTimeMs"/>.</summary>
    public void RecordQueueTime(double queueTimeMs)
    {
        _recordQueueTime.Record(queueTimeMs);
        _queueTimeStat.Record(queueTimeMs, NowMs());
    }

    /// <summary>A batch of <paramref name="recordCount"/> records will be retried.</summary>
    public void RecordRetries(string topic, int recordCount)
    {
        Interlocked.Add(ref _recordRetryCount, recordCount);
        _recordRetryTotal.Add(recordCount, new KeyValuePair<string, object?>("topic", topic));
        _retryRate.Record(recordCount, NowMs());
    }

    /// <summary>A batch of <paramref name="recordCount"/> records failed.</summary>
    public void RecordErrors(string topic, int recordCount)
    {
        Interlocked.Add(ref _recordErrorCount, recordCount);
        _recordErrorTotal.Add(recordCount, new KeyValuePair<string, object?>("topic", topic));
        _errorRate.Record(recordCount, NowMs());
    }

    /// <summary>A batch was split after MESSAGE_TOO_LARGE.</summary>
    public void RecordBatchSplit()
    {
        Interlocked.Increment(ref _batchSplitCount);
        _batchSplitTotal.Add(1);
        _splitRate.Record(1, NowMs());
    }

    /// <summary>A caller waited <paramref name="nanoseconds"/> for buffer memory (successfully or not).</summary>
    public void RecordBufferPoolWait(long nanoseconds)
    {
        Interlocked.Add(ref _bufferPoolWaitNs, nanoseconds);
        _bufferPoolWaitTimeNsTotal.Add(nanoseconds);
        _waitTimeRate.Record(nanoseconds, NowMs());
    }

    /// <summary>A send failed because buffer memory stayed exhausted for max.block.ms.</summary>
    public void RecordBufferExhausted()
    {
        Interlocked.Increment(ref _bufferExhaustedCount);
        _bufferExhaustedTotal.Add(1);
        _exhaustedRate.Record(1, NowMs());
    }

    /// <summary>A flush took <paramref name="nanoseconds"/>.</summary>
    public void RecordFlush(long nanoseconds)
    {
        Interlocked.Add(ref _flushTimeNs, nanoseconds);
        _flushTimeNsTotal.Add(nanoseconds);
    }

    /// <summary>Metadata was refreshed now.</summary>
    public void RecordMetadataRefresh() => Interlocked.Exchange(ref _lastMetadataRefreshMs, NowMs());

    /// <inheritdoc />
    public void Dispose() => _meter.Dispose();

    private long NowMs() => _time.GetUtcNow().ToUnixTimeMilliseconds();

    private double MetadataAgeSeconds()
    {
        var last = Interlocked.Read(ref _lastMetadataRefreshMs);
        return last == long.MinValue ? double.NaN : (NowMs() - last) / 1000.0;
    }
}
