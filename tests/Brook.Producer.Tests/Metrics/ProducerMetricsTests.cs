using System.Diagnostics.Metrics;
using Brook.Producer.Metrics;
using Microsoft.Extensions.Time.Testing;

namespace Brook.Producer.Tests.Metrics;

public sealed class ProducerMetricsTests
{
    private sealed class PoolStats : IBufferPoolStats
    {
        public long TotalMemory => 1000;

        public long AvailableMemory => 400;

        public int QueuedCount => 2;
    }

    private static (ProducerMetrics Metrics, FakeTimeProvider Time) Create()
    {
        var time = new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(1_000_000));
        return (new ProducerMetrics(null, time, 30000, 2, "c1"), time);
    }

    [Fact]
    public void Snapshot_ComputesRatesAveragesAndTotals()
    {
        var (metrics, time) = Create();
        using var _ = metrics;
        metrics.RecordBatchSent("t", 100, 5000, 6000, 90, 0.5);
        metrics.RecordBatchSent("t", 200, 7000, 16000, 120, 0.7);
        metrics.RecordRequestSent(300);
        time.Advance(TimeSpan.FromSeconds(10));
        metrics.RecordRequestCompleted(12);
        metrics.RecordRetries("t", 3);
        metrics.RecordErrors("t", 2);

        var s = metrics.Snapshot();
        Assert.Equal(300, s.RecordSendTotal);
        Assert.Equal(300 / 40.0, s.RecordSendRate, 6);
        Assert.Equal(12000, s.ByteTotal);
        Assert.Equal(12000 / 40.0, s.ByteRate, 6);
        Assert.Equal(6000, s.BatchSizeAvg);
        Assert.Equal(7000, s.BatchSizeMax);
        Assert.Equal(22000 / 300.0, s.RecordSizeAvg, 6); // per record, not the average of each batch's largest
        Assert.Equal(120, s.RecordSizeMax);
        Assert.Equal(0.6, s.CompressionRateAvg, 6);
        Assert.Equal(300, s.RecordsPerRequestAvg);
        Assert.Equal(12, s.RequestLatencyMax);
        Assert.Equal(0, s.RequestsInFlight);
        Assert.Equal(3, s.RecordRetryTotal);
        Assert.Equal(2, s.RecordErrorTotal);
        Assert.Equal(0.1, s.RecordRetryRate, 6);
    }

    [Fact]
    public void Snapshot_ReadsBufferPoolAndMetadataAge()
    {
        var (metrics, time) = Create();
        using var _ = metrics;
        Assert.True(double.IsNaN(metrics.Snapshot().MetadataAge));
        metrics.AttachBufferPool(new PoolStats());
        metrics.RecordMetadataRefresh();
        time.Advance(TimeSpan.FromSeconds(3));
        metrics.RecordBufferExhausted();
        metrics.RecordBufferPoolWait(1_500_000_000);

        var s = metrics.Snapshot();
        Assert.Equal(1000, s.BufferTotalBytes);
        Assert.Equal(400, s.BufferAvailableBytes);
        Assert.Equal(2, s.WaitingThreads);
        Assert.Equal(3, s.MetadataAge, 6);
        Assert.Equal(1, s.BufferExhaustedTotal);
        Assert.Equal(1_500_000_000, s.BufferPoolWaitTimeNsTotal);
        Assert.Equal(0.05, s.BufferPoolWaitRatio, 6);
    }

    [Fact]
    public void Snapshot_WindowExpires_RatesFallToZero()
    {
        var (metrics, time) = Create();
        using var _ = metrics;
        metrics.RecordBatchSent("t", 100, 1000, 900, 10, 1);
        time.Advance(TimeSpan.FromSeconds(61));
        var s = metrics.Snapshot();
        Assert.Equal(0, s.RecordSendRate);
        Assert.Equal(100, s.RecordSendTotal);
        Assert.True(double.IsNaN(s.BatchSizeAvg));
    }

    [Fact]
    public void Meter_PublishesJavaNamedInstruments()
    {
        var (metrics, _) = Create();
        using var __ = metrics;
        var names = new HashSet<string>();
        long sent = 0;
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (ReferenceEquals(instrument.Meter, metrics.Meter))
                {
                    names.Add(instrument.Name);
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, state) =>
        {
            if (instrument.Name == "record-send-total")
            {
                sent += value;
            }
        });
        listener.Start();
        metrics.RecordBatchSent("t", 42, 100, 80, 10, 1);

        Assert.Equal(ProducerMetrics.MeterName, metrics.Meter.Name);
        Assert.Equal(42, sent);
        string[] expected =
        [
            "record-send-total", "byte-total", "record-retry-total", "record-error-total", "batch-size", "record-size",
            "records-per-request", "compression-rate", "request-latency", "record-queue-time", "requests-in-flight",
            "buffer-total-bytes", "buffer-available-bytes", "bufferpool-wait-time-ns-total", "buffer-exhausted-total",
            "metadata-age", "waiting-threads",
        ];
        Assert.Empty(expected.Except(names));
    }

    [Fact]
    public void Meter_WindowedGauges_ReadTheSnapshotsValuesUnderTheSameNames()
    {
        var (metrics, time) = Create();
        using var __ = metrics;
        metrics.AttachBufferPool(new PoolStats());
        metrics.RecordBatchSent("t", 100, 5000, 6000, 90, 0.5);
        metrics.RecordRequestSent(100);
        time.Advance(TimeSpan.FromSeconds(4));
        metrics.RecordRequestCompleted(12);
        metrics.RecordQueueTime(3);
        metrics.RecordRetries("t", 4);
        metrics.RecordErrors("t", 2);
        metrics.RecordBatchSplit();
        metrics.RecordBufferExhausted();
        metrics.RecordBufferPoolWait(3_000_000_000);
        var gauges = new Dictionary<string, double>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (ReferenceEquals(instrument.Meter, metrics.Meter))
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<double>((instrument, value, _, _) => gauges[instrument.Name] = value);
        listener.Start();

        listener.RecordObservableInstruments();

        var snapshot = metrics.Snapshot().ToDictionary();
        string[] windowed =
        [
            "record-send-rate", "byte-rate", "record-size-avg", "record-size-max", "batch-size-avg", "batch-size-max",
            "batch-split-rate", "records-per-request-avg", "compression-rate-avg", "request-latency-avg", "request-latency-max",
            "record-queue-time-avg", "record-queue-time-max", "record-retry-rate", "record-error-rate", "buffer-exhausted-rate",
            "bufferpool-wait-ratio",
        ];
        foreach (var name in windowed)
        {
            Assert.True(gauges.TryGetValue(name, out var value), $"no instrument {name}");
            Assert.True(double.IsFinite(value) && value > 0, $"{name} = {value}");
            Assert.Equal(snapshot[name], value, 9);
        }

        // Java's Rate: a young window counts as (numSamples - 1) full windows more: 100 records over 4 s + 30 s; the
        // wait's own sample started at 4 s: 3 s over 0 s + 30 s.
        Assert.Equal(100 / 34.0, gauges["record-send-rate"], 9);
        Assert.Equal(60, gauges["record-size-avg"]);
        Assert.Equal(90, gauges["record-size-max"]);
        Assert.Equal(0.1, gauges["bufferpool-wait-ratio"], 9);
    }

    [Fact]
    public void Snapshot_ToDictionary_UsesJavaNames()
    {
        var (metrics, _) = Create();
        using var __ = metrics;
        metrics.RecordBatchSent("t", 5, 100, 50, 10, 1);
        var d = metrics.Snapshot().ToDictionary();
        Assert.Equal(5, d["record-send-total"]);
        Assert.Contains("buffer-available-bytes", d.Keys);
    }
}
