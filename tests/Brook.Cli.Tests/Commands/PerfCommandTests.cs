using Brook.Cli.Tests.Fakes;
using Microsoft.Extensions.Time.Testing;

namespace Brook.Cli.Tests.Commands;

public sealed class PerfCommandTests
{
    [Fact]
    public void EmbeddedPlan_BoundsRetentionPerPartitionAndKeepsMinIsrTwo()
    {
        var plan = Cli.Commands.PerfCommand.EmbeddedPlan("perf-test");

        Assert.Equal(16L * 1024 * 1024, plan.Options.DefaultTopicConfig.RetentionBytes);
        Assert.Equal(2, plan.Options.DefaultTopicConfig.MinInsyncReplicas);
        Assert.Equal(("perf-test", 6, 3), (plan.Topics[0].Name, plan.Topics[0].Partitions, plan.Topics[0].ReplicationFactor));
    }

    [Fact]
    public async Task Run_PrintsWindowLinesThenSummaryThenMetricsTable()
    {
        var time = new FakeTimeProvider();
        var producer = new FakePerfProducer(time, latencyMs: 2);
        var engines = new FakeEngines { PerfProducer = producer };
        var run = await TestRun.RunAsync(["perf", "--bootstrap", "127.0.0.1:9092", "--num-records", "6000", "--producer-props", "acks=all", "linger.ms=7"], engines, time: time);

        Assert.Equal(0, run.ExitCode);
        var lines = run.OutLines;
        Assert.Equal("2500 records sent, 500.0 records/sec (0.05 MB/sec), 2.0 ms avg latency, 2.0 ms max latency.", lines[0]);
        Assert.Equal(lines[0], lines[1]);
        Assert.Equal("6000 records sent, 500.000000 records/sec (0.05 MB/sec), 2.00 ms avg latency, 2.00 ms max latency, 2 ms 50th, 2 ms 95th, 2 ms 99th, 2 ms 99.9th.", lines[2]);
        var table = run.Out.ToString();
        foreach (var metric in Cli.Commands.PerfCommand.MetricNames)
        {
            Assert.Contains(metric, table, StringComparison.Ordinal);
        }

        Assert.Contains("1,234.5", table, StringComparison.Ordinal);
        Assert.Equal(7, engines.ProducerOptions!.LingerMs);
        Assert.Equal("127.0.0.1:9092", engines.ProducerOptions.BootstrapServers);
        Assert.True(producer.Disposed);
        Assert.All(producer.Sent, r => Assert.Null(r.Key));
        Assert.All(producer.Sent, r => Assert.Equal(100, r.Value.Length));
    }

    [Fact]
    public async Task Run_ReadsKafkaSpelledConfigFile_PropsWin_NegativeThroughputMeansUnlimited()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, "# perf\nlinger.ms=50\nbatch.size=65536\n");
            var time = new FakeTimeProvider();
            var engines = new FakeEngines { PerfProducer = new FakePerfProducer(time) };
            var run = await TestRun.RunAsync(["perf", "--bootstrap", "127.0.0.1:9092", "--num-records", "5", "--throughput", "-1", "--producer.config", file, "--producer-props", "linger.ms=1"], engines, time: time);

            Assert.Equal(0, run.ExitCode);
            Assert.Equal(1, engines.ProducerOptions!.LingerMs);
            Assert.Equal(65536, engines.ProducerOptions.BatchSize);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Run_Sequenced_SendsCheckableValuesAndKeys()
    {
        var time = new FakeTimeProvider();
        var producer = new FakePerfProducer(time);
        var run = await TestRun.RunAsync(["perf", "--bootstrap", "127.0.0.1:9092", "--num-records", "3", "--record-size", "25", "--sequenced"], new FakeEngines { PerfProducer = producer }, time: time);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(3, producer.Sent.Count);
        var stream = producer.Sent[0].Value[..7];
        Assert.Matches("^p[0-9a-f]{6}$", stream);
        Assert.Equal(("0000000002", stream + "-0000000002|xxxxxx"), producer.Sent[2]);
        Assert.Contains("brook verify --bootstrap 127.0.0.1:9092 --topic brook-perf --expect 3", run.Error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_SequencedNoKeys_SendsNullKeys()
    {
        var time = new FakeTimeProvider();
        var producer = new FakePerfProducer(time);
        await TestRun.RunAsync(["perf", "--bootstrap", "127.0.0.1:9092", "--num-records", "2", "--sequenced", "--no-keys"], new FakeEngines { PerfProducer = producer }, time: time);
        Assert.All(producer.Sent, r => Assert.Null(r.Key));
    }

    [Fact]
    public async Task Run_WhenRecordsFail_ExitsNonZeroWithReason()
    {
        var time = new FakeTimeProvider();
        var producer = new FakePerfProducer(time, failEvery: 10);
        var run = await TestRun.RunAsync(["perf", "--bootstrap", "127.0.0.1:9092", "--num-records", "100"], new FakeEngines { PerfProducer = producer }, time: time);

        Assert.Equal(ExitCodes.Failure, run.ExitCode);
        Assert.StartsWith("90 records sent", run.OutLines[0], StringComparison.Ordinal);
        Assert.Equal("brook: error: 10 of 100 records failed; first error: NOT_ENOUGH_REPLICAS" + Environment.NewLine, run.Error.ToString());
    }

    [Fact]
    public async Task Run_WithoutBootstrap_StartsAndStopsEmbeddedCluster()
    {
        var time = new FakeTimeProvider();
        var cluster = new FakeCluster();
        var engines = new FakeEngines { Cluster = cluster, PerfProducer = new FakePerfProducer(time) };
        var run = await TestRun.RunAsync(["perf", "--num-records", "10", "--topic", "bench"], engines, time: time);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(3, engines.StartedPlan!.Options.BrokerCount);
        Assert.Equal([new("bench", 6, 3)], engines.StartedPlan.Topics);
        Assert.Equal(cluster.BootstrapServers, engines.ProducerOptions!.BootstrapServers);
        Assert.True(cluster.Disposed);
    }

    [Fact]
    public async Task Run_WithThroughput_PacesOnTheClock()
    {
        var time = new FakeTimeProvider();
        var producer = new FakePerfProducer(time, latencyMs: 0);
        var task = TestRun.RunAsync(["perf", "--bootstrap", "127.0.0.1:9092", "--num-records", "3", "--throughput", "10"], new FakeEngines { PerfProducer = producer }, time: time);

        // record 0 goes at once; record 1 is due at 100 ms of fake time
        await WaitUntilAsync(() => producer.Sent.Count == 1);
        Assert.False(task.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(100));
        await WaitUntilAsync(() => producer.Sent.Count == 2);
        time.Advance(TimeSpan.FromMilliseconds(100));
        var run = await task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(3, producer.Sent.Count);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!condition())
        {
            await Task.Yield();
            limit.Token.ThrowIfCancellationRequested();
        }
    }
}
