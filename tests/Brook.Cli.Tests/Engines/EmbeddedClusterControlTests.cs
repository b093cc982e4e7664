using System.Net.Sockets;
using Brook.Cli.Engines;
using Brook.Cli.Faults;
using Brook.Cluster;

namespace Brook.Cli.Tests.Engines;

public sealed class EmbeddedClusterControlTests
{
    private static ClusterPlan Plan() => new(
        new EmbeddedClusterOptions { BrokerCount = 3, DefaultPartitions = 2, DefaultReplicationFactor = 3 },
        [new TopicSpec("orders", 3, 3)]);

    [Fact]
    public async Task Start_ListensOnLoopbackAndCreatesPlanTopics()
    {
        var ct = TestContext.Current.CancellationToken;
        var cluster = await EmbeddedClusterControl.StartAsync(Plan(), ct);
        await using (cluster)
        {
            var entries = cluster.BootstrapServers.Split(',');
            Assert.Equal(3, entries.Length);
            foreach (var entry in entries)
            {
                Assert.StartsWith("127.0.0.1:", entry, StringComparison.Ordinal);
                using var client = new TcpClient();
                using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
                limit.CancelAfter(TimeSpan.FromSeconds(10));
                await client.ConnectAsync("127.0.0.1", int.Parse(entry[10..], System.Globalization.CultureInfo.InvariantCulture), limit.Token);
                Assert.True(client.Connected);
            }

            Assert.Equal(3, cluster.DescribeTopic("orders")!.Count);
            Assert.Null(cluster.DescribeTopic("missing"));
        }
    }

    [Fact]
    public async Task FaultLanguage_DrivesTheRealCluster()
    {
        var cluster = await EmbeddedClusterControl.StartAsync(Plan(), TestContext.Current.CancellationToken);
        await using (cluster)
        {
            var executor = new FaultExecutor(cluster);
            var p0 = cluster.DescribeTopic("orders")![0];
            var target = p0.Isr.First(b => b != p0.Leader);
            Assert.Equal($"ok orders-0 leader {target}", await executor.ExecuteLineAsync($"leader orders 0 {target}"));
            Assert.Contains($"p0 leader={target} epoch=1 ", await executor.ExecuteLineAsync("state orders"), StringComparison.Ordinal);
            Assert.Equal("ok broker 1 down", await executor.ExecuteLineAsync("down 1"));
            var state = await executor.ExecuteLineAsync("state orders");
            Assert.StartsWith("ok orders | p0 leader=", state, StringComparison.Ordinal);
            Assert.DoesNotContain("leader=1 ", state, StringComparison.Ordinal); // failed over
            Assert.Equal("ok broker 1 up", await executor.ExecuteLineAsync("up 1"));
            Assert.StartsWith("ok ", await executor.ExecuteLineAsync("err Produce 2 NOT_ENOUGH_REPLICAS 0"), StringComparison.Ordinal);
            Assert.StartsWith("ok ", await executor.ExecuteLineAsync("disconnect-after-append 1"), StringComparison.Ordinal);
            Assert.StartsWith("ok ", await executor.ExecuteLineAsync("latency 2 50"), StringComparison.Ordinal);
            Assert.StartsWith("ok ", await executor.ExecuteLineAsync("isolate-followers orders 1"), StringComparison.Ordinal);
            Assert.Equal("ok healed isolations=1 latencies=1 request-faults=cleared", await executor.ExecuteLineAsync("heal"));
            Assert.Equal("ok created t2 partitions=4 rf=2", await executor.ExecuteLineAsync("create t2 4 2"));
            Assert.StartsWith("error ", await executor.ExecuteLineAsync("create t2 4 2"), StringComparison.Ordinal);
            Assert.StartsWith("error ", await executor.ExecuteLineAsync("leader nope 0 1"), StringComparison.Ordinal);
        }
    }
}
