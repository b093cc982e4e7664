using Brook.Cli.Engines;
using Brook.Cluster;
using Brook.Producer;

namespace Brook.Cli.Tests.Engines;

public sealed class KafkaPerfProducerTests
{
    [Fact]
    public async Task SendAsync_WhenTheRecordCannotBeBuffered_ReportsTheErrorToTheHandlerInsteadOfThrowing()
    {
        var ct = TestContext.Current.CancellationToken;
        var cluster = await EmbeddedCluster.StartAsync(new EmbeddedClusterOptions { BrokerCount = 1, AutoCreateTopics = false }, ct);
        await using (cluster)
        {
            var options = new ProducerOptions { BootstrapServers = cluster.BootstrapServers, MaxBlockMs = 300 };
            var handler = new RecordingHandler();
            await using (var producer = new KafkaPerfProducer(options))
            {
                // The topic does not exist and is not auto-created: metadata never arrives within max.block.ms.
                await producer.SendAsync("missing-topic", null, new byte[] { 1, 2, 3 }, sendTimestamp: 42, handler, ct);
            }

            var (timestamp, bytes, error) = Assert.Single(handler.Deliveries);
            Assert.Equal((42L, 3), (timestamp, bytes));
            Assert.NotNull(error);
            Assert.Contains("missing-topic", error.Message, StringComparison.Ordinal);
        }
    }

    private sealed class RecordingHandler : IDeliveryHandler
    {
        public List<(long Timestamp, int Bytes, Exception? Error)> Deliveries { get; } = [];

        public void OnDelivery(long sendTimestamp, int bytes, Exception? error)
        {
            lock (Deliveries)
            {
                Deliveries.Add((sendTimestamp, bytes, error));
            }
        }
    }
}
