using System.Net;
using System.Net.Sockets;
using Brook.Cli.Commands;
using Brook.Cli.Doctor;
using Brook.Cli.Engines;
using Brook.Cli.Tests.Fakes;
using Brook.Cluster;
using Brook.Producer;

namespace Brook.Cli.Tests.Engines;

public sealed class ConnectivityProbeTests
{
    [Fact]
    public async Task ProbeAsync_HealthyEmbeddedCluster_ReportsEveryBrokerAndLeaderThenProbeProduces()
    {
        var ct = TestContext.Current.CancellationToken;
        var cluster = await EmbeddedCluster.StartAsync(new EmbeddedClusterOptions { BrokerCount = 3 }, ct);
        await using (cluster)
        {
            cluster.CreateTopic(DoctorCommand.ProbeTopic, partitions: 4, replicationFactor: 3);
            var options = ProducerOptions.FromProperties([new("bootstrap.servers", cluster.BootstrapServers)]);

            var result = await ConnectivityProbe.ProbeAsync(cluster.BootstrapServers, DoctorCommand.ProbeTopic, options, ct);

            Assert.Equal(3, result.Facts.BrokersTotal);
            Assert.Equal(3, result.Facts.BrokersReachable);
            Assert.Equal(0, result.Facts.LeaderlessPartitions);
            Assert.Equal(4, result.Steps.Count(s => s.StartsWith($"partition {DoctorCommand.ProbeTopic}-", StringComparison.Ordinal)));
            var produce = Assert.Single(result.Steps, s => s.StartsWith("produce ", StringComparison.Ordinal));
            Assert.Contains($"{ProbeProduce.DefaultRecords} acknowledged, 0 failed", produce, StringComparison.Ordinal);
            Assert.Equal(ProbeProduce.DefaultRecords, result.Metrics.RecordSendTotal);
            Assert.True(result.Metrics.RecordsPerRequestAvg >= 1, $"records-per-request-avg {result.Metrics.RecordsPerRequestAvg}");
        }
    }

    [Fact]
    public async Task ProbeAsync_NothingListening_ReportsNoBrokerReachableWithoutThrowing()
    {
        var ct = TestContext.Current.CancellationToken;
        using var refusing = BootstrapCheckTests.BindWithoutListening(); // refuses connections; no other test can take the port
        var port = ((IPEndPoint)refusing.LocalEndPoint!).Port;

        var bootstrap = $"127.0.0.1:{port}";
        var options = ProducerOptions.FromProperties([
            new("bootstrap.servers", bootstrap),
            new("socket.connection.setup.timeout.ms", "1000"),
            new("socket.connection.setup.timeout.max.ms", "1000"),
        ]);

        var result = await ConnectivityProbe.ProbeAsync(bootstrap, "t", options, ct);

        Assert.Equal(0, result.Facts.BrokersReachable);
        Assert.Contains(result.Steps, s => s.StartsWith("tcp ", StringComparison.Ordinal) && s.Contains("FAILED", StringComparison.Ordinal));
        Assert.Contains(result.Steps, s => s.StartsWith("produce  skipped", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Doctor_WithBootstrap_PrintsProbeStepsAndExitsZero()
    {
        var ct = TestContext.Current.CancellationToken;
        var cluster = await EmbeddedCluster.StartAsync(new EmbeddedClusterOptions { BrokerCount = 1 }, ct);
        await using (cluster)
        {
            cluster.CreateTopic(DoctorCommand.ProbeTopic, partitions: 1, replicationFactor: 1);

            var run = await TestRun.RunAsync(["doctor", "--bootstrap", cluster.BootstrapServers], new BrookEngines());

            Assert.Equal(0, run.ExitCode);
            Assert.Contains(run.OutLines, l => l.StartsWith("metadata 1 broker(s)", StringComparison.Ordinal));
        }
    }
}
