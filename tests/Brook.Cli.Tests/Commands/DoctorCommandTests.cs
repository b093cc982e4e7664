using Brook.Cli.Doctor;
using Brook.Cli.Engines;
using Brook.Cli.Tests.Fakes;
using Brook.Producer;

namespace Brook.Cli.Tests.Commands;

public sealed class DoctorCommandTests
{
    private static DoctorProbeResult Probe(ProducerOptions options) => new(
        new ConnectivityFacts(0.1, 0.2, 3, 3, 0, 0, 0),
        new ProducerMetricsSnapshot { RecordsPerRequestAvg = options.LingerMs == 0 ? 1 : 200, RecordSendRate = 1000 },
        ["dns 0.1 ms", "connect 0.2 ms"]);

    [Fact]
    public async Task Run_Embedded_DiagnosesDefaultsThenDemonstratesPoorConfig()
    {
        var cluster = new FakeCluster();
        var engines = new FakeEngines { Cluster = cluster, Probe = Probe };
        var run = await TestRun.RunAsync(["doctor"], engines);

        Assert.Equal(0, run.ExitCode);
        var text = run.Out.ToString();
        Assert.Contains("no findings", text, StringComparison.Ordinal);
        Assert.Contains("deliberately poor config", text, StringComparison.Ordinal);
        Assert.Contains("records-per-request-avg = 1.0", text, StringComparison.Ordinal);
        Assert.Contains("linger.ms", text, StringComparison.Ordinal);
        Assert.True(cluster.Disposed);
    }

    [Fact]
    public async Task Run_WithErrorFinding_ExitsNonZero()
    {
        var engines = new FakeEngines
        {
            Probe = _ => new DoctorProbeResult(new ConnectivityFacts(0, 0, 1, 3, 2, 0, 0), new ProducerMetricsSnapshot(), []),
        };
        var run = await TestRun.RunAsync(["doctor", "--bootstrap", "127.0.0.1:9092"], engines);
        Assert.Equal(ExitCodes.Failure, run.ExitCode);
        Assert.Contains("2 partition(s) without a leader", run.Out.ToString(), StringComparison.Ordinal);
    }
}
