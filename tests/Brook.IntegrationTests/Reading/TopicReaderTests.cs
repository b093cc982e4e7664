using Brook.Cluster;
using Brook.IntegrationTests.Interop;
using Brook.Producer.Reading;
using Brook.TestSupport.Interop;
using Brook.TestSupport.Verification;
using Confluent.Kafka;

namespace Brook.IntegrationTests.Reading;

/// <summary>
/// TopicReader against real peers: a Confluent producer fills Brook.Cluster or librdkafka's mock cluster, the reader
/// reads back, and the ledger proves count, no duplicates, order per partition and intact payloads/headers.
/// </summary>
public sealed class TopicReaderTests(MockClusterFixture fixture) : IClassFixture<MockClusterFixture>, IAsyncLifetime
{
    private const short FetchKey = 1;
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);
    private readonly MockCluster _mock = fixture.Cluster;
    private EmbeddedCluster _brook = null!;

    public static TheoryData<CompressionType> Codecs() =>
        [CompressionType.None, CompressionType.Gzip, CompressionType.Snappy, CompressionType.Lz4, CompressionType.Zstd];

    public async ValueTask InitializeAsync() =>
        _brook = await EmbeddedCluster.StartAsync(new EmbeddedClusterOptions { DefaultPartitions = 3 });

    public async ValueTask DisposeAsync() => await _brook.DisposeAsync();

    [Theory]
    [MemberData(nameof(Codecs))]
    public async Task ReadAsync_FromBrookCluster_ReadsEveryRecordOnceInOrder(CompressionType codec)
    {
        var topic = $"reader-brook-{codec}".ToLowerInvariant();
        _brook.CreateTopic(topic, partitions: 3, replicationFactor: 3);
        var ledger = Produce(_brook.BootstrapServers, topic, codec, 700);

        var read = await ReadIntoAsync(Options(_brook.BootstrapServers, topic) with { StopAtEnd = true }, ledger);

        Assert.Equal(700, read);
        var report = ledger.Verify();
        Assert.True(report.IsClean, report.ToString());
    }

    [Theory]
    [MemberData(nameof(Codecs))]
    public async Task ReadAsync_FromMockCluster_ReadsEveryRecordOnceInOrder(CompressionType codec)
    {
        var topic = $"reader-mock-{codec}".ToLowerInvariant();
        _mock.CreateTopic(topic, partitions: 3, replicationFactor: 3);
        var ledger = Produce(_mock.BootstrapServers, topic, codec, 700);

        var read = await ReadIntoAsync(Options(_mock.BootstrapServers, topic) with { StopAtEnd = true }, ledger);

        Assert.Equal(700, read);
        var report = ledger.Verify();
        Assert.True(report.IsClean, report.ToString());
    }

    [Fact]
    public async Task ReadAsync_WhenFetchAnswersNotLeaderOrFollower_RefreshesAndStillReadsAll()
    {
        const string topic = "reader-mock-not-leader";
        _mock.CreateTopic(topic, partitions: 2, replicationFactor: 3);
        var ledger = Produce(_mock.BootstrapServers, topic, CompressionType.Lz4, 300);
        _mock.PushRequestErrors(FetchKey, ErrorCode.NotLeaderForPartition, ErrorCode.NotLeaderForPartition, ErrorCode.Local_Transport);

        var read = await ReadIntoAsync(Options(_mock.BootstrapServers, topic) with { StopAtEnd = true }, ledger);

        Assert.Equal(300, read);
        var report = ledger.Verify();
        Assert.True(report.IsClean, report.ToString());
    }

    [Fact]
    public async Task ReadAsync_FromEnd_ReadsNothingOld()
    {
        const string topic = "reader-from-end";
        _brook.CreateTopic(topic, partitions: 3, replicationFactor: 1);
        Produce(_brook.BootstrapServers, topic, CompressionType.None, 200);

        var atEnd = await ReadIntoAsync(Options(_brook.BootstrapServers, topic) with { Start = ReadStart.End, StopAtEnd = true }, new RecordLedger());
        var idle = await ReadIntoAsync(Options(_brook.BootstrapServers, topic) with { Start = ReadStart.End, IdleTimeoutMs = 1000 }, new RecordLedger());

        Assert.Equal(0, atEnd);
        Assert.Equal(0, idle);
    }

    [Fact]
    public async Task ReadAsync_WithMaxMessages_StopsAtExactlyThatMany()
    {
        const string topic = "reader-max";
        _brook.CreateTopic(topic, partitions: 3, replicationFactor: 1);
        var ledger = Produce(_brook.BootstrapServers, topic, CompressionType.Snappy, 400);

        var reader = new TopicReader(Options(_brook.BootstrapServers, topic) with { MaxMessages = 123 });
        await using (reader.ConfigureAwait(false))
        {
            using var cts = new CancellationTokenSource(Bound);
            var seen = new List<ReadRecord>();
            await foreach (var record in reader.ReadAsync(cts.Token))
            {
                seen.Add(record);
            }

            Assert.Equal(123, seen.Count);
            Assert.Equal(123, seen.Select(r => (r.Partition, r.Offset)).Distinct().Count());
            foreach (var partition in seen.GroupBy(r => r.Partition))
            {
                var offsets = partition.Select(r => r.Offset).ToArray();
                Assert.Equal(offsets.Order(), offsets);
            }
        }
    }

    [Fact]
    public async Task ReadAsync_OnEmptyTopicWithIdleTimeout_EndsWithoutRecords()
    {
        const string topic = "reader-idle";
        _brook.CreateTopic(topic, partitions: 2, replicationFactor: 1);

        var read = await ReadIntoAsync(Options(_brook.BootstrapServers, topic) with { IdleTimeoutMs = 800, FetchMaxWaitMs = 100 }, new RecordLedger());

        Assert.Equal(0, read);
    }

    [Fact]
    public async Task ReadAsync_UnknownTopic_FailsNamingTheTopic()
    {
        var reader = new TopicReader(Options(_brook.BootstrapServers, "reader-no-such-topic") with { SetupTimeoutMs = 500 });
        await using (reader.ConfigureAwait(false))
        {
            var error = await Assert.ThrowsAnyAsync<Brook.Producer.KafkaException>(async () =>
            {
                await foreach (var unused in reader.ReadAsync(TestContext.Current.CancellationToken))
                {
                }
            });

            Assert.Contains("reader-no-such-topic", error.Message, StringComparison.Ordinal);
        }
    }

    private static TopicReaderOptions Options(string bootstrap, string topic) =>
        new() { BootstrapServers = bootstrap, Topic = topic, FetchMaxWaitMs = 100, SetupTimeoutMs = 20_000 };

    private static RecordLedger Produce(string bootstrap, string topic, CompressionType codec, int count)
    {
        var ledger = new RecordLedger(fillerBytes: 64, keyed: true, headerCount: 2);
        using var producer = ConfluentPeers.BuildProducer(ConfluentPeers.ProducerConfig(bootstrap, Acks.All, codec));
        Assert.Empty(ConfluentPeers.ProduceAndFlush(producer, topic, ledger, "a", count / 2));
        Assert.Empty(ConfluentPeers.ProduceAndFlush(producer, topic, ledger, "b", count - (count / 2)));
        return ledger;
    }

    private static async Task<int> ReadIntoAsync(TopicReaderOptions options, RecordLedger ledger)
    {
        var reader = new TopicReader(options);
        await using (reader.ConfigureAwait(false))
        {
            using var cts = new CancellationTokenSource(Bound);
            var read = 0;
            await foreach (var record in reader.ReadAsync(cts.Token))
            {
                var headers = new List<KeyValuePair<string, byte[]>>(record.Headers.Count);
                foreach (var header in record.Headers)
                {
                    headers.Add(new(header.Key, header.Value ?? []));
                }

                ledger.Observe(new ObservedRecord(record.Partition, record.Offset, record.Key, record.Value, headers));
                read++;
            }

            return read;
        }
    }
}
