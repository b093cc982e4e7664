using Brook.Cluster;

namespace Brook.Cli.Tests.Process;

/// <summary>brook produce and brook consume as processes against an embedded cluster: keys, headers, a round trip.</summary>
[Collection(BrookProcessCollection.Name)]
public sealed class ProduceConsumeProcessTests
{
    [Fact(Timeout = 300_000)]
    public async Task ProduceThenConsume_KeysAndHeaders_RoundTrip()
    {
        var ct = TestContext.Current.CancellationToken;
        var cluster = await EmbeddedCluster.StartAsync(new EmbeddedClusterOptions { BrokerCount = 1 }, ct);
        await using (cluster)
        {
            cluster.CreateTopic("kv", partitions: 1, replicationFactor: 1);
            var bootstrap = cluster.BootstrapServers;

            var produce = await BrookProcess.RunAsync(
                ["produce", "--bootstrap", bootstrap, "--topic", "kv", "--key-separator", ":", "--header", "source=cli", "--header", "n=1"],
                "k1:v1\nk2:v2\nk3:hello: world\n");
            Assert.True(produce.ExitCode == 0, produce.Err);
            Assert.Contains("brook produce: 3 records acknowledged", produce.Err, StringComparison.Ordinal);

            var consume = await BrookProcess.RunAsync(
                ["consume", "--bootstrap", bootstrap, "--topic", "kv", "--from-beginning", "--print-key", "--print-headers", "--max-messages", "3"]);
            Assert.True(consume.ExitCode == 0, consume.Err);
            Assert.Equal(
                ["source:cli,n:1\tk1\tv1", "source:cli,n:1\tk2\tv2", "source:cli,n:1\tk3\thello: world"],
                consume.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            Assert.Contains("Processed a total of 3 messages", consume.Err, StringComparison.Ordinal);
        }
    }

    [Fact(Timeout = 300_000)]
    public async Task Produce_LineWithoutSeparator_FailsThatRecordAndExitsNonZero()
    {
        var ct = TestContext.Current.CancellationToken;
        var cluster = await EmbeddedCluster.StartAsync(new EmbeddedClusterOptions { BrokerCount = 1 }, ct);
        await using (cluster)
        {
            cluster.CreateTopic("kv", partitions: 1, replicationFactor: 1);

            var produce = await BrookProcess.RunAsync(
                ["produce", "--bootstrap", cluster.BootstrapServers, "--topic", "kv", "--key-separator", ":"],
                "k1:v1\nno separator here\n");

            Assert.Equal(ExitCodes.Failure, produce.ExitCode);
            var error = Assert.Single(produce.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith("brook: error:", StringComparison.Ordinal));
            Assert.Contains("1 of 2 records failed", error, StringComparison.Ordinal);
        }
    }
}
