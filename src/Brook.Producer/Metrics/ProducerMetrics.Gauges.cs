namespace Brook.Producer.Metrics;

internal sealed partial class ProducerMetrics
{
    // The windowed statistics as observable gauges under Java's names (rate = per second over the sampled window,
    // metrics.sample.window.ms × metrics.num.samples; avg/max over the same window; NaN with no sample, as Java).
    // Observable: read only when a listener collects, so sends pay nothing for them.
    private void CreateWindowedGauges()
    {
        Gauge("record-send-rate", _sendRate, Stat.Rate, "{record}/s", "Records sent per second.");
        Gauge("byte-rate", _byteRate, Stat.Rate, "By/s", "Batch bytes sent per second.");
        Gauge("record-size-avg", _recordSizeStat, Stat.Avg, "By", "Average encoded record size.");
        Gauge("record-size-max", _recordSizeStat, Stat.Max, "By", "Largest encoded record.");
        Gauge("batch-size-avg", _batchSizeStat, Stat.Avg, "By", "Average bytes per batch (per partition per request).");
        Gauge("batch-size-max", _batchSizeStat, Stat.Max, "By", "Largest batch.");
        Gauge("batch-split-rate", _splitRate, Stat.Rate, "{batch}/s", "Batches split per second.");
        Gauge("records-per-request-avg", _recordsPerRequestStat, Stat.Avg, "{record}", "Average records per Produce request.");
        Gauge("compression-rate-avg", _compressionRateStat, Stat.Avg, "1", "Average compressed / uncompressed batch size.");
        Gauge("request-latency-avg", _requestLatencyStat, Stat.Avg, "ms", "Average Produce request latency.");
        Gauge("request-latency-max", _requestLatencyStat, Stat.Max, "ms", "Largest Produce request latency.");
        Gauge("record-queue-time-avg", _queueTimeStat, Stat.Avg, "ms", "Average time batches waited in the accumulator.");
        Gauge("record-queue-time-max", _queueTimeStat, Stat.Max, "ms", "Longest time a batch waited in the accumulator.");
        Gauge("record-retry-rate", _retryRate, Stat.Rate, "{record}/s", "Records retried per second.");
        Gauge("record-error-rate", _errorRate, Stat.Rate, "{record}/s", "Records failed per second.");
        Gauge("buffer-exhausted-rate", _exhaustedRate, Stat.Rate, "{send}/s", "Sends failed per second for lack of buffer memory.");
        _meter.CreateObservableGauge("bufferpool-wait-ratio", () => _waitTimeRate.Rate(NowMs()) / 1e9, "1", "Fraction of time appenders waited for buffer memory.");
    }

    private void Gauge(string name, WindowedStat stat, Stat kind, string unit, string description)
    {
        Func<double> read = kind switch
        {
            Stat.Rate => () => stat.Rate(NowMs()),
            Stat.Avg => () => stat.Avg(NowMs()),
            _ => () => stat.Max(NowMs()),
        };
        _meter.CreateObservableGauge(name, read, unit, description);
    }

    private enum Stat
    {
        Rate,
        Avg,
        Max,
    }
}
