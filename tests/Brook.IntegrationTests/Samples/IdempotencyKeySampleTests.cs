using System.Globalization;
using System.Text;
using Brook.Cluster;
using Brook.Producer;
using Brook.TestSupport.Interop;
using IsolationLevel = Confluent.Kafka.IsolationLevel;
using Microsoft.Data.Sqlite;

namespace Brook.IntegrationTests.Samples;

/// <summary>
/// The "database + Kafka" idempotency-key sample (<see cref="OrderService"/>, <see cref="BalanceProjection"/>) on an
/// in-memory SQLite database and Brook.Cluster: retried requests, a crash inside the Kafka transaction and a crash after
/// it all end with every order applied exactly once.
/// </summary>
public sealed class IdempotencyKeySampleTests
{
    private const string Topic = "orders";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact(Timeout = 90_000)]
    public async Task Orders_RetriedAndCrashed_AreAppliedExactlyOnce()
    {
        await using var cluster = await EmbeddedCluster.StartAsync(new EmbeddedClusterOptions { DefaultPartitions = 1 }, Ct);
        cluster.CreateTopic(Topic, 1);
        using var orders = new SqliteConnection("Data Source=:memory:");
        orders.Open();
        OrderService.CreateSchema(orders);

        // First process: a retried request, a crash inside the Kafka transaction, a crash after its commit.
        await using (var producer = await StartProducerAsync(cluster))
        {
            var service = new OrderService(orders, producer, Topic);
            Assert.True(await service.PlaceAsync("order-1", 100, cancellationToken: Ct));
            Assert.False(await service.PlaceAsync("order-1", 100, cancellationToken: Ct));
            await Assert.ThrowsAsync<SimulatedCrashException>(() => service.PlaceAsync("order-2", 20, OrderService.CrashPoint.BeforeKafkaCommit, Ct));
            await Assert.ThrowsAsync<SimulatedCrashException>(() => service.PlaceAsync("order-3", 3, OrderService.CrashPoint.AfterKafkaCommit, Ct));
        }

        // Restart (same transactional.id fences the old instance): recovery publishes what the database holds unpublished.
        await using (var producer = await StartProducerAsync(cluster))
        {
            var service = new OrderService(orders, producer, Topic);
            Assert.Equal(2, await service.RecoverAsync(Ct));
            Assert.False(await service.PlaceAsync("order-3", 3, cancellationToken: Ct));
            Assert.True(await service.PlaceAsync("order-4", 4000, cancellationToken: Ct));
            Assert.Equal(0, await service.RecoverAsync(Ct));
        }

        // read_committed sees order-1, order-3 twice (crash after commit), order-2 once (its first attempt aborted), order-4.
        var events = ReadCommitted(cluster.BootstrapServers, 5);
        Assert.Equal(["order-1", "order-3", "order-2", "order-3", "order-4"], events.Select(e => e.Key));
        using var projectionDb = new SqliteConnection("Data Source=:memory:");
        projectionDb.Open();
        var projection = new BalanceProjection(projectionDb);
        var applied = events.Count(e => projection.Apply(e.Key, e.Amount));
        Assert.Equal(4, applied);
        Assert.Equal(100 + 20 + 3 + 4000, projection.Total);
    }

    private static async Task<KafkaProducer<string, string>> StartProducerAsync(EmbeddedCluster cluster)
    {
        var producer = new ProducerBuilder<string, string>(new ProducerOptions
        {
            BootstrapServers = cluster.BootstrapServers,
            TransactionalId = "order-service",
            LingerMs = 1,
            MaxBlockMs = 30_000,
        }).Build();
        await producer.InitTransactionsAsync(Ct);
        return producer;
    }

    private static List<(string Key, int Amount)> ReadCommitted(string bootstrap, int expected)
    {
        var config = ConfluentPeers.ConsumerConfig(bootstrap);
        config.IsolationLevel = IsolationLevel.ReadCommitted;
        using var consumer = ConfluentPeers.BuildConsumer(config);
        consumer.Assign(new Confluent.Kafka.TopicPartitionOffset(Topic, 0, Confluent.Kafka.Offset.Beginning));
        var events = new List<(string, int)>();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.Elapsed < Timeout)
        {
            var result = consumer.Consume(TimeSpan.FromMilliseconds(100));
            if (result is null)
            {
                continue;
            }

            if (result.IsPartitionEOF)
            {
                if (events.Count >= expected)
                {
                    break;
                }

                continue;
            }

            var key = Encoding.UTF8.GetString(result.Message.Headers.GetLastBytes(OrderService.KeyHeader));
            events.Add((key, int.Parse(Encoding.UTF8.GetString(result.Message.Value), CultureInfo.InvariantCulture)));
        }

        consumer.Close();
        return events;
    }
}
