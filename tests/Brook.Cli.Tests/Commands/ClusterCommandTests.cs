using Brook.Cli.Commands;
using Brook.Cli.Settings;
using Brook.Cli.Tests.Fakes;

namespace Brook.Cli.Tests.Commands;

public sealed class ClusterCommandTests
{
    /// <summary>Serves lines, then cancels the run at end of input (the test's Ctrl-C).</summary>
    private sealed class CancelAtEof(string text, CancellationTokenSource stop) : TextReader
    {
        private readonly StringReader _inner = new(text);

        public override ValueTask<string?> ReadLineAsync(CancellationToken cancellationToken)
        {
            var line = _inner.ReadLine();
            if (line is null)
            {
                stop.Cancel();
            }

            return ValueTask.FromResult(line);
        }
    }

    [Fact]
    public async Task Run_PrintsBootstrapFirst_AnswersEachCommand_StopsGracefullyOnCancel()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var cluster = new FakeCluster();
        var engines = new FakeEngines { Cluster = cluster };
        var stdin = "create orders 2 3\n\ndown 1\nbogus\nstate orders\n";
        var run = await TestRun.RunUntilAsync(stop.Token, ["cluster", "--topic", "orders:2:3"], engines, input: new CancelAtEof(stdin, stop));

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(
            [
                cluster.BootstrapServers,
                "ok created orders partitions=2 rf=3",
                "ok broker 1 down",
                "error unknown command 'bogus'; try: help",
                "ok orders | p0 leader=0 epoch=0 isr=0,1,2 hw=0 leo=0 | p1 leader=1 epoch=0 isr=0,1,2 hw=0 leo=0",
            ],
            run.OutLines);
        Assert.True(cluster.Disposed);
        Assert.Contains("stdin closed; running until Ctrl-C/SIGTERM", run.Error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_WithRealEmbeddedCluster_PrintsLoopbackBootstrapAndAnswers()
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        stop.CancelAfter(TimeSpan.FromSeconds(60));
        var run = await TestRun.RunUntilAsync(stop.Token, ["cluster", "--brokers", "2", "--replication-factor", "2", "--min-insync-replicas", "1", "--topic", "t:2"], new Cli.Engines.BrookEngines(), input: new CancelAtEof("state t\ndown 0\n", stop));

        Assert.Equal(0, run.ExitCode);
        var lines = run.OutLines;
        Assert.Matches(@"^127\.0\.0\.1:\d+,127\.0\.0\.1:\d+$", lines[0]);
        Assert.StartsWith("ok t | p0 leader=", lines[1], StringComparison.Ordinal);
        Assert.Contains("| p1 leader=", lines[1], StringComparison.Ordinal);
        Assert.Equal("ok broker 0 down", lines[2]);
        Assert.Equal(3, lines.Length);
    }

    [Fact]
    public void Plan_MapsFlagsToClusterOptionsAndTopics()
    {
        var plan = ClusterCommand.Plan(new ClusterSettings { Brokers = 5, Port = 9092, Partitions = 4, ReplicationFactor = 2, MinInsyncReplicas = 1, Topics = ["a", "b:12", "c:3:1"] });
        Assert.Equal(5, plan.Options.BrokerCount);
        Assert.Equal(9092, plan.Options.BasePort);
        Assert.Equal(4, plan.Options.DefaultPartitions);
        Assert.Equal(2, plan.Options.DefaultReplicationFactor);
        Assert.Equal(1, plan.Options.DefaultTopicConfig.MinInsyncReplicas);
        Assert.Equal([new("a", 4, 2), new("b", 12, 2), new("c", 3, 1)], plan.Topics);
    }

    [Fact]
    public void Plan_WithoutPort_UsesEphemeralPorts()
    {
        Assert.Equal(0, ClusterCommand.Plan(new ClusterSettings()).Options.BasePort);
    }
}
