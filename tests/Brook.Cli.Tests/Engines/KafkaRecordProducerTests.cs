using Brook.Cli.Engines;
using Brook.Cli.Tests.Fakes;
using Brook.Cluster;

namespace Brook.Cli.Tests.Engines;

public sealed class KafkaRecordProducerTests
{
    [Fact]
    public async Task Produce_LinesFromStdin_AreReadBackByConsumeInOrder()
    {
        var ct = TestContext.Current.CancellationToken;
        var cluster = await EmbeddedCluster.StartAsync(new EmbeddedClusterOptions { BrokerCount = 1 }, ct);
        await using (cluster)
        {
            cluster.CreateTopic("cli-produce", partitions: 1, replicationFactor: 1);

            var produced = await TestRun.RunAsync(
                ["produce", "--bootstrap", cluster.BootstrapServers, "--topic", "cli-produce"], new BrookEngines(), stdin: "one\ntwo\nthree\n");
            var consumed = await TestRun.RunAsync(
                ["consume", "--bootstrap", cluster.BootstrapServers, "--topic", "cli-produce", "--from-beginning", "--max-messages", "3", "--timeout-ms", "20000"],
                new BrookEngines());

            Assert.Equal(0, produced.ExitCode);
            Assert.Equal(0, consumed.ExitCode);
            Assert.Equal(["one", "two", "three"], consumed.OutLines);
        }
    }
}
