using Brook.Cli.Commands;
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
        var demo = text.IndexOf(DoctorCommand.DemonstrationTitle, StringComparison.Ordinal);
        Assert.True(demo > 0, text);
        Assert.Contains("no findings", text[..demo], StringComparison.Ordinal);
        Assert.Contains("deliberately poor config linger.ms=0 batch.size=100", text, StringComparison.Ordinal);
        Assert.Contains("records-per-request-avg = 1.0", text[demo..], StringComparison.Ordinal);
        Assert.Contains("linger.ms", text[demo..], StringComparison.Ordinal);
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

    [Fact]
    public async Task Run_WithProducerProps_DiagnosesThatConfig()
    {
        ProducerOptions? seen = null;
        var engines = new FakeEngines
        {
            Probe = o =>
            {
                seen = o;
                return Probe(o);
            },
        };
        var run = await TestRun.RunAsync(["doctor", "--bootstrap", "127.0.0.1:9092", "--producer-props", "linger.ms=0", "batch.size=2048"], engines);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(0, seen!.LingerMs);
        Assert.Equal(2048, seen.BatchSize);
        Assert.Contains("records-per-request-avg = 1.0", run.Out.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_WithUnknownProducerProperty_FailsBeforeProbing()
    {
        var probed = false;
        var engines = new FakeEngines
        {
            Probe = o =>
            {
                probed = true;
                return Probe(o);
            },
        };
        var run = await TestRun.RunAsync(["doctor", "--bootstrap", "127.0.0.1:9092", "--producer-props", "linger.msx=0"], engines);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.False(probed);
        Assert.Contains("linger.ms", run.Error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_EmbeddedWithRealEngines_ProbeProducesAndTheDemonstrationShowsTheBatchingFinding()
    {
        var run = await TestRun.RunAsync(["doctor"], new BrookEngines());

        var text = run.Out.ToString();
        var demo = text.IndexOf(DoctorCommand.DemonstrationTitle, StringComparison.Ordinal);
        Assert.True(demo > 0, text);
        Assert.Equal(2, run.OutLines.Count(l => l.StartsWith("produce ", StringComparison.Ordinal) && l.Contains($"{ProbeProduce.DefaultRecords} acknowledged, 0 failed", StringComparison.Ordinal)));
        Assert.Contains("batching", text[demo..], StringComparison.Ordinal);
        Assert.Contains("records-per-request-avg = ", text[demo..], StringComparison.Ordinal);
        Assert.DoesNotContain("Error", text, StringComparison.Ordinal);
        Assert.Equal(0, run.ExitCode);
    }
}
