using Brook.Cli.Doctor;
using Brook.Cli.Engines;
using Brook.Cli.Tests.Fakes;
using Brook.Producer;
using Microsoft.Extensions.Time.Testing;

namespace Brook.Cli.Tests.Doctor;

public sealed class ProbeProduceTests
{
    [Fact]
    public async Task RunAsync_AllAcknowledged_CountsEveryRecordAndReturnsTheMetrics()
    {
        var time = new FakeTimeProvider();
        var producer = new FakePerfProducer(time, latencyMs: 1);

        var result = await ProbeProduce.RunAsync(producer, "t", 500, 100, time, TestContext.Current.CancellationToken);

        Assert.Equal(500, result.Sent);
        Assert.Equal(500, result.Acknowledged);
        Assert.Equal(0, result.Failed);
        Assert.Null(result.FirstError);
        Assert.Equal(500, result.ElapsedMs);
        Assert.Equal(42, result.Metrics.RecordsPerRequestAvg);
        Assert.All(producer.Sent, s => Assert.Equal(100, s.Value.Length));
        Assert.All(producer.Sent, s => Assert.Null(s.Key));
    }

    [Fact]
    public async Task RunAsync_FirstRecordFails_StopsAfterIt()
    {
        var time = new FakeTimeProvider();
        var producer = new FakePerfProducer(time, failEvery: 1);

        var result = await ProbeProduce.RunAsync(producer, "t", 2000, 100, time, TestContext.Current.CancellationToken);

        Assert.Equal(1, result.Sent);
        Assert.Single(producer.Sent);
        Assert.Equal(1, result.Failed);
        Assert.Equal("NOT_ENOUGH_REPLICAS", result.FirstError);
        Assert.Equal(0, result.Timeouts);
    }

    [Fact]
    public async Task RunAsync_TimeoutFailures_AreCountedAsTimeouts()
    {
        var producer = new ScriptedProducer(i => i % 4 == 3 ? new KafkaTimeoutException("delivery.timeout.ms passed") : null);

        var result = await ProbeProduce.RunAsync(producer, "t", 400, 10, TimeProvider.System, TestContext.Current.CancellationToken);

        Assert.Equal(400, result.Sent);
        Assert.Equal(100, result.Failed);
        Assert.Equal(100, result.Timeouts);
        Assert.Equal(300, result.Acknowledged);
    }

    [Fact]
    public async Task RunAsync_BufferFillsWhileSending_ReportsThePeakUse()
    {
        var producer = new ScriptedProducer(_ => null) { AvailableWhileSending = 100, AvailableAfterFlush = 1000 };

        var result = await ProbeProduce.RunAsync(producer, "t", 1000, 10, TimeProvider.System, TestContext.Current.CancellationToken);

        Assert.Equal(100, result.Metrics.BufferAvailableBytes);
        var finding = Assert.Single(DoctorRules.Diagnose(result.Metrics));
        Assert.Equal("memory", finding.Area);
    }

    [Fact]
    public void Describe_NamesCountsMetricsAndFirstError()
    {
        var metrics = new ProducerMetricsSnapshot { RecordsPerRequestAvg = 1.5, RequestLatencyAvg = 2.26, BufferTotalBytes = 1000, BufferAvailableBytes = 750 };
        var line = ProbeProduce.Describe(new ProbeProduceResult(10, 9, 1, 0, "boom", 12.4, metrics), "t", 100);

        Assert.Equal(
            "produce  10 record(s) of 100 B to t: 9 acknowledged, 1 failed in 12 ms; records-per-request-avg 1.5, request-latency-avg 2.3 ms, peak buffer use 25 %; first error: boom",
            line);
    }

    /// <summary>Delivers each record at once with the scripted error; buffer metrics differ while sending and after the flush.</summary>
    private sealed class ScriptedProducer(Func<int, Exception?> errorFor) : IPerfProducer
    {
        private int _sent;
        private bool _flushedAll;

        public long AvailableWhileSending { get; init; } = 1000;

        public long AvailableAfterFlush { get; init; } = 1000;

        public ValueTask SendAsync(string topic, ReadOnlyMemory<byte>? key, ReadOnlyMemory<byte> value, long sendTimestamp, IDeliveryHandler handler, CancellationToken cancellationToken = default)
        {
            handler.OnDelivery(sendTimestamp, value.Length, errorFor(_sent++));
            _flushedAll = false;
            return ValueTask.CompletedTask;
        }

        public ValueTask FlushAsync(CancellationToken cancellationToken = default)
        {
            _flushedAll = true;
            return ValueTask.CompletedTask;
        }

        public ProducerMetricsSnapshot GetMetrics() => new()
        {
            BufferTotalBytes = 1000,
            BufferAvailableBytes = _flushedAll ? AvailableAfterFlush : AvailableWhileSending,
            RecordsPerRequestAvg = 50,
            RequestLatencyAvg = 1,
        };

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
