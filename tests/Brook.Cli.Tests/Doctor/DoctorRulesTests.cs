using Brook.Cli.Doctor;
using Brook.Producer;

namespace Brook.Cli.Tests.Doctor;

public sealed class DoctorRulesTests
{
    private static ProducerMetricsSnapshot Healthy() => new()
    {
        RecordSendRate = 100_000,
        RecordSendTotal = 1_000_000,
        RecordsPerRequestAvg = 500,
        RequestLatencyAvg = 5,
        BufferTotalBytes = 33_554_432,
        BufferAvailableBytes = 30_000_000,
    };

    [Fact]
    public void Diagnose_HealthyMetrics_FindsNothing()
    {
        Assert.Empty(DoctorRules.Diagnose(Healthy(), new ConnectivityFacts(1, 1, 3, 3, 0, 0, 0)));
    }

    [Fact]
    public void Diagnose_FewRecordsPerRequest_AdvisesBatching()
    {
        var f = Assert.Single(DoctorRules.Diagnose(Healthy() with { RecordsPerRequestAvg = 1.5 }));
        Assert.Equal("batching", f.Area);
        Assert.Contains("linger.ms", f.Advice, StringComparison.Ordinal);
        Assert.Contains("batch.size", f.Advice, StringComparison.Ordinal);
        Assert.Contains("records-per-request-avg = 1.5", f.Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public void Diagnose_RecordsPerRequestAtThreshold_IsFine()
    {
        Assert.Empty(DoctorRules.Diagnose(Healthy() with { RecordsPerRequestAvg = 10 }));
    }

    [Fact]
    public void Diagnose_NaNMetrics_AreIgnored()
    {
        Assert.Empty(DoctorRules.Diagnose(Healthy() with { RecordsPerRequestAvg = double.NaN, RequestLatencyAvg = double.NaN }));
    }

    [Fact]
    public void Diagnose_BufferOver80Percent_AdvisesMemoryOrCompression()
    {
        var f = Assert.Single(DoctorRules.Diagnose(Healthy() with { BufferTotalBytes = 1000, BufferAvailableBytes = 150 }));
        Assert.Equal("memory", f.Area);
        Assert.Contains("buffer.memory", f.Advice, StringComparison.Ordinal);
        Assert.Contains("compression.type", f.Advice, StringComparison.Ordinal);
        Assert.Empty(DoctorRules.Diagnose(Healthy() with { BufferTotalBytes = 1000, BufferAvailableBytes = 200 }));
    }

    [Fact]
    public void Diagnose_ErrorsOverOnePercent_IsAnError()
    {
        var f = Assert.Single(DoctorRules.Diagnose(Healthy() with { RecordSendRate = 980, RecordErrorRate = 20 }));
        Assert.Equal(Severity.Error, f.Severity);
        Assert.Equal("errors", f.Area);
        Assert.Empty(DoctorRules.Diagnose(Healthy() with { RecordSendRate = 1000, RecordErrorRate = 10 })); // 0.99%
    }

    [Fact]
    public void ErrorShare_WithoutRates_UsesTotals()
    {
        var m = new ProducerMetricsSnapshot { RecordSendTotal = 95, RecordErrorTotal = 5 };
        Assert.Equal(0.05, DoctorRules.ErrorShare(m), 9);
    }

    [Fact]
    public void Diagnose_SlowRequestsOrTimeouts_AdviseNetwork()
    {
        Assert.Equal("network", Assert.Single(DoctorRules.Diagnose(Healthy() with { RequestLatencyAvg = 150 })).Area);
        var f = Assert.Single(DoctorRules.Diagnose(Healthy(), new ConnectivityFacts(1, 1, 3, 3, 0, 0, RequestTimeouts: 2)));
        Assert.Contains("request.timeout.ms", f.Advice, StringComparison.Ordinal);
    }

    [Fact]
    public void Diagnose_ConnectivityProblems_AreReported()
    {
        var findings = DoctorRules.Diagnose(Healthy(), new ConnectivityFacts(250, 1, 0, 3, 2, 1, 0));
        Assert.Equal(4, findings.Count);
        Assert.All(findings.Take(3), f => Assert.Equal(Severity.Error, f.Severity));
        Assert.Contains(findings, f => f.Evidence.Contains("0 of 3 brokers reachable", StringComparison.Ordinal));
        Assert.Contains(findings, f => f.Advice.Contains("min.insync.replicas", StringComparison.Ordinal));
        Assert.Contains(findings, f => f.Evidence.Contains("DNS lookup took 250 ms", StringComparison.Ordinal));
    }
}
