using Brook.Cluster.Observability;
using Brook.Protocol;
using Brook.Protocol.Messages;
using Confluent.Kafka;

namespace Brook.Cluster.Tests.Interop;

/// <summary>librdkafka (Confluent.Kafka 2.16.0) reading back from the embedded cluster with assign (no group).</summary>
public sealed class ConfluentConsumerTests : IAsyncLifetime
{
    private EmbeddedCluster _cluster = null!;

    public async ValueTask InitializeAsync() => _cluster = await EmbeddedCluster.StartAsync();

    public async ValueTask DisposeAsync() => await _cluster.DisposeAsync();

    [Theory]
    [InlineData(CompressionType.None)]
    [InlineData(CompressionType.Gzip)]
    [InlineData(CompressionType.Snappy)]
    public async Task AssignedConsumer_ReadsEveryProducedMessageInOrder(CompressionType compression)
    {
        const int count = 500;
        var topic = $"read-{compression}".ToLowerInvariant();
        _cluster.CreateTopic(topic, partitions: 1);
        using (var producer = new ProducerBuilder<Null, string>(new ProducerConfig
        {
            BootstrapServers = _cluster.BootstrapServers,
            EnableIdempotence = true,
            CompressionType = compression,
            LingerMs = 5,
        }).Build())
        {
            var sends = Enumerable.Range(0, count)
                .Select(i => producer.ProduceAsync(topic, new Message<Null, string> { Value = $"m-{i:D10}" }, TestContext.Current.CancellationToken));
            await Task.WhenAll(sends).WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        }

        using var consumer = new ConsumerBuilder<Ignore, string>(new ConsumerConfig
        {
            BootstrapServers = _cluster.BootstrapServers,
            GroupId = "verifier",
            EnableAutoCommit = false,
            AutoOffsetReset = AutoOffsetReset.Earliest,
        }).Build();
        consumer.Assign(new TopicPartitionOffset(topic, 0, Offset.Beginning));
        var values = new List<string>();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (values.Count < count && DateTime.UtcNow < deadline)
        {
            var result = consumer.Consume(TimeSpan.FromMilliseconds(200));
            if (result is not null)
            {
                Assert.Equal(values.Count, result.Offset.Value);
                values.Add(result.Message.Value);
            }
        }

        Assert.Equal(Enumerable.Range(0, count).Select(i => $"m-{i:D10}"), values);
        var watermarks = consumer.QueryWatermarkOffsets(new TopicPartition(topic, 0), TimeSpan.FromSeconds(10));
        Assert.Equal((0L, (long)count), (watermarks.Low.Value, watermarks.High.Value));
    }
    [Fact]
    public async Task AssignedConsumer_AfterALeaderMove_ValidatesItsPositionWithOffsetForLeaderEpochAndReadsOn()
    {
        const string topic = "epoch-validate";
        _cluster.CreateTopic(topic, partitions: 1, replicationFactor: 3);
        var errors = new List<string>();
        using var producer = new ProducerBuilder<Null, string>(new ProducerConfig { BootstrapServers = _cluster.BootstrapServers, EnableIdempotence = true, LingerMs = 5 }).Build();
        using var consumer = new ConsumerBuilder<Ignore, string>(new ConsumerConfig
        {
            BootstrapServers = _cluster.BootstrapServers,
            GroupId = "epoch-validator",
            EnableAutoCommit = false,
            TopicMetadataRefreshIntervalMs = 500,
        }).SetErrorHandler((_, e) => errors.Add(e.Reason)).Build();
        await ProduceAsync(producer, topic, 0, 200);
        consumer.Assign(new TopicPartitionOffset(topic, 0, Offset.Beginning));
        var values = ConsumeUntil(consumer, 200);

        var before = _cluster.GetPartition(topic, 0);
        _cluster.Faults.MoveLeader(topic, 0, before.Replicas.First(r => r.BrokerId != before.Leader).BrokerId);
        await ProduceAsync(producer, topic, 200, 200);
        values.AddRange(ConsumeUntil(consumer, 200));

        Assert.Equal(Enumerable.Range(0, 400).Select(i => $"m-{i:D10}"), values);
        var validations = _cluster.RequestHistory
            .Where(r => r.ApiKey == (short)ApiKey.OffsetForLeaderEpoch && r.Outcome == RequestOutcome.Answered)
            .Select(r => (OffsetForLeaderEpochResponse)r.Response!)
            .SelectMany(r => r.Topics.SelectMany(t => t.Partitions))
            .ToList();
        Assert.NotEmpty(validations);
        Assert.Contains(validations, p => p.ErrorCode == 0 && p.LeaderEpoch == 0 && p.EndOffset == 200);
        Assert.Empty(errors);
    }

    private static async Task ProduceAsync(IProducer<Null, string> producer, string topic, int from, int count)
    {
        var sends = Enumerable.Range(from, count)
            .Select(i => producer.ProduceAsync(topic, new Message<Null, string> { Value = $"m-{i:D10}" }, TestContext.Current.CancellationToken));
        await Task.WhenAll(sends).WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
    }

    private static List<string> ConsumeUntil(IConsumer<Ignore, string> consumer, int count)
    {
        var values = new List<string>();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (values.Count < count && DateTime.UtcNow < deadline)
        {
            var result = consumer.Consume(TimeSpan.FromMilliseconds(200));
            if (result is not null)
            {
                values.Add(result.Message.Value);
            }
        }

        return values;
    }
}
