using System.Text;
using Brook.Cluster;
using Brook.Producer;
using Brook.Producer.Reading;
using Brook.Producer.Tests.Diagnostics;

namespace Brook.IntegrationTests.Diagnostics;

/// <summary>
/// The dead-letter queue against a one-broker Brook.Cluster: a topic whose max.message.bytes rejects the large records
/// (MESSAGE_TOO_LARGE, not retriable) sends them to the dead-letter topic with the headers naming the original topic,
/// partition and error; small records land normally; nothing is lost, and record-level rejections leave the breaker closed.
/// </summary>
public sealed class ResilientProducerEndToEndTests
{
    private const string Topic = "dlq-source";
    private const string DeadLetterTopic = "dlq-source.dlq";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<List<ReadRecord>> ReadAllAsync(string bootstrap, string topic, int expected)
    {
        await using var reader = new TopicReader(new TopicReaderOptions { BootstrapServers = bootstrap, Topic = topic, StopAtEnd = true, FetchMaxWaitMs = 50 });
        var records = new List<ReadRecord>();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        await foreach (var record in reader.ReadAsync(timeout.Token))
        {
            records.Add(record);
        }

        Assert.Equal(expected, records.Count);
        return records;
    }

    private static string Header(ReadRecord record, string key) =>
        record.Headers.LastOrDefault(h => h.Key == key).Value is { } value ? Encoding.UTF8.GetString(value) : "(missing)";

    [Fact(Timeout = 120_000)]
    public async Task DeadLetter_TopicRejectsLargeRecords_TheyLandInTheDeadLetterTopicWithHeaders()
    {
        await using var cluster = await EmbeddedCluster.StartAsync(new EmbeddedClusterOptions { BrokerCount = 1, DefaultReplicationFactor = 1, AutoCreateTopics = false }, Ct);
        cluster.CreateTopic(Topic, 2, 1, new TopicConfig { MaxMessageBytes = 1500 });
        cluster.CreateTopic(DeadLetterTopic, 1, 1);
        var logs = new CapturingLoggerFactory();
        await using var producer = new ProducerBuilder<string, byte[]>(new ProducerOptions
        {
            BootstrapServers = cluster.BootstrapServers,
            LingerMs = 5,
            BatchSize = 1024,
            LoggerFactory = logs,
        }).BuildResilient(new ResilienceOptions
        {
            DeadLetter = new DeadLetterOptions { Topic = DeadLetterTopic },
            CircuitBreaker = new ProducerCircuitBreakerOptions { FailureRatio = 0.5, MinimumThroughput = 4 },
        });

        const int records = 60;
        var sends = new List<ValueTask<DeliveryResult<string, byte[]>>>(records);
        for (var i = 0; i < records; i++)
        {
            var large = i % 3 == 0; // 20 records of 2000 bytes: over max.message.bytes even alone
            var headers = new Headers();
            headers.Add("seq", i.ToString(System.Globalization.CultureInfo.InvariantCulture));
            sends.Add(producer.ProduceAsync(Topic, new Message<string, byte[]> { Key = $"k{i}", Value = new byte[large ? 2000 : 100], Headers = headers }, Ct));
        }

        var results = new List<DeliveryResult<string, byte[]>>(records);
        foreach (var send in sends)
        {
            results.Add(await send);
        }

        // Every call completed normally: the large ones with the dead-letter result.
        Assert.Equal(40, results.Count(r => r.Topic == Topic));
        Assert.Equal(20, results.Count(r => r.Topic == DeadLetterTopic));
        Assert.All(results.Where(r => r.Topic == DeadLetterTopic), r => Assert.Equal(2000, r.Message.Value!.Length));
        Assert.Equal(20, producer.DeadLetteredCount);
        Assert.Equal(0, producer.DeadLetterFailedCount);
        Assert.Equal(Polly.CircuitBreaker.CircuitState.Closed, producer.CircuitState);

        var delivered = await ReadAllAsync(cluster.BootstrapServers, Topic, 40);
        var dead = await ReadAllAsync(cluster.BootstrapServers, DeadLetterTopic, 20);

        // Nothing lost, nothing twice: each seq is in exactly one of the topics, large ones in the dead-letter topic.
        var seqs = delivered.Concat(dead).Select(r => int.Parse(Header(r, "seq"), System.Globalization.CultureInfo.InvariantCulture)).Order().ToList();
        Assert.Equal(Enumerable.Range(0, records), seqs);
        Assert.All(dead, r =>
        {
            Assert.Equal(0, int.Parse(Header(r, "seq"), System.Globalization.CultureInfo.InvariantCulture) % 3);
            Assert.Equal(2000, r.Value!.Length);
            Assert.Equal(Topic, Header(r, DeadLetterHeaders.Topic));
            Assert.Contains(Header(r, DeadLetterHeaders.Partition), new[] { "0", "1" });
            Assert.Equal("10", Header(r, DeadLetterHeaders.ErrorCode));
            Assert.Equal("MESSAGE_TOO_LARGE", Header(r, DeadLetterHeaders.ErrorName));
            Assert.Contains("MESSAGE_TOO_LARGE", Header(r, DeadLetterHeaders.ErrorMessage), StringComparison.Ordinal);
            Assert.Equal("NotPersisted", Header(r, DeadLetterHeaders.Persistence));
        });
        Assert.All(delivered, r => Assert.Equal(100, r.Value!.Length));

        // The sender logged the rejections per batch (not per record), and a split for batches of several records.
        Assert.NotEmpty(logs.WithEvent(3003));
        Assert.True(logs.WithEvent(3003).Count() <= 20);
    }
}
