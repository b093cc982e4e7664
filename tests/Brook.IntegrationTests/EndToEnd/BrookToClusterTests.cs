using Brook.Cluster;
using Brook.Producer;
using Brook.TestSupport.Interop;
using Brook.TestSupport.Verification;
using BrookAcks = Brook.Producer.Acks;
using BrookCompression = Brook.Producer.CompressionType;
using BrookHeaders = Brook.Producer.Headers;

namespace Brook.IntegrationTests.EndToEnd;

/// <summary>Brook.Producer against Brook.Cluster over loopback, every record counted back by a Confluent consumer.</summary>
public sealed class BrookToClusterTests
{
    private const int Records = 600;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<int, BrookAcks, BrookCompression, bool> Cases => new()
    {
        { 1, BrookAcks.Leader, BrookCompression.None, true },
        { 1, BrookAcks.None, BrookCompression.Lz4, false },
        { 3, BrookAcks.All, BrookCompression.Gzip, true },
        { 3, BrookAcks.Leader, BrookCompression.Snappy, false },
        { 3, BrookAcks.All, BrookCompression.Zstd, true },
        { 3, BrookAcks.None, BrookCompression.None, true },
    };

    [Theory(Timeout = 90_000)]
    [MemberData(nameof(Cases))]
    public async Task ProduceAsync_EveryRecordArrivesOnceInOrder(int brokers, BrookAcks acks, BrookCompression compression, bool keyed)
    {
        const string Topic = "e2e";
        const int Partitions = 3;
        await using var cluster = await EmbeddedCluster.StartAsync(new EmbeddedClusterOptions { BrokerCount = brokers, DefaultReplicationFactor = brokers }, Ct);
        cluster.CreateTopic(Topic, Partitions, brokers);
        var ledger = new RecordLedger(fillerBytes: 40, keyed: keyed, headerCount: 2);
        var options = new ProducerOptions
        {
            BootstrapServers = cluster.BootstrapServers,
            Acks = acks,
            CompressionType = compression,
            LingerMs = 2,
            BatchSize = 4096,
            EnableIdempotence = false,
            MaxInFlightRequestsPerConnection = 1,
            DeliveryTimeoutMs = 30_000,
            RequestTimeoutMs = 10_000,
        };
        var baseTimestamp = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 60_000;
        var tasks = new List<ValueTask<DeliveryResult<byte[]?, byte[]>>>(Records);
        await using (var producer = new ProducerBuilder<byte[]?, byte[]>(options).Build())
        {
            for (var i = 0; i < Records; i++)
            {
                var record = ledger.Next("s" + (i % 4).ToString(System.Globalization.CultureInfo.InvariantCulture));
                var headers = new BrookHeaders();
                foreach (var header in record.Headers)
                {
                    headers.Add(header.Key, header.Value);
                }

                var message = new Message<byte[]?, byte[]>
                {
                    Key = record.Key,
                    Value = record.Value,
                    Headers = headers,
                    Timestamp = new Timestamp(baseTimestamp + i, TimestampType.CreateTime),
                };
                tasks.Add(keyed ? producer.ProduceAsync(Topic, message, Ct) : producer.ProduceAsync(new TopicPartition(Topic, i % Partitions), message, Ct));
            }

            await producer.FlushAsync(Ct);
            for (var i = 0; i < tasks.Count; i++)
            {
                var result = await tasks[i];
                Assert.Null(result.Error);
                Assert.Equal(acks == BrookAcks.None ? PersistenceStatus.PossiblyPersisted : PersistenceStatus.Persisted, result.Status);
                Assert.Equal(baseTimestamp + i, result.Timestamp.UnixTimestampMs);
                Assert.Equal(acks != BrookAcks.None, result.Offset.Value >= 0);
            }

            var metrics = producer.GetMetrics();
            Assert.NotNull(metrics);
        }

        var read = ClusterReader.ConsumeFromZero(cluster.BootstrapServers, Topic, Partitions, ledger, Records, TimeSpan.FromSeconds(30));
        Assert.Equal(Records, read);
        ledger.Verify().ThrowIfNotClean();
    }

    [Fact(Timeout = 60_000)]
    public async Task Produce_WithCallback_ReportsEveryRecordInOrderPerPartition()
    {
        const string Topic = "callbacks";
        await using var cluster = await EmbeddedCluster.StartAsync(new EmbeddedClusterOptions { BrokerCount = 1, DefaultReplicationFactor = 1 }, Ct);
        cluster.CreateTopic(Topic, 2, 1);
        var options = new ProducerOptions { BootstrapServers = cluster.BootstrapServers, Acks = BrookAcks.All, LingerMs = 1, BatchSize = 2048 };
        var offsets = new List<long>[2] { [], [] };
        var gate = new Lock();
        await using (var producer = new ProducerBuilder<string, string>(options).Build())
        {
            for (var i = 0; i < 400; i++)
            {
                producer.Produce(new TopicPartition(Topic, i % 2), new Message<string, string> { Key = "k" + i, Value = "v" + i }, r =>
                {
                    Assert.Null(r.Error);
                    lock (gate)
                    {
                        offsets[r.Partition.Value].Add(r.Offset.Value);
                    }
                });
            }

            await producer.FlushAsync(Ct);
        }

        foreach (var list in offsets)
        {
            Assert.Equal(Enumerable.Range(0, 200).Select(i => (long)i), list);
        }
    }

    [Fact(Timeout = 60_000)]
    public async Task ProduceAsync_UnknownTopic_IsAutoCreatedThroughMetadata()
    {
        await using var cluster = await EmbeddedCluster.StartAsync(new EmbeddedClusterOptions { BrokerCount = 1, DefaultReplicationFactor = 1 }, Ct);
        await using var producer = new ProducerBuilder<Null, string>(new ProducerOptions { BootstrapServers = cluster.BootstrapServers, LingerMs = 0 }).Build();

        var result = await producer.ProduceAsync("auto-created", new Message<Null, string> { Value = "hello" }, Ct);

        Assert.Equal(0, result.Offset.Value);
        Assert.Equal(PersistenceStatus.Persisted, result.Status);
    }
}
