using System.Globalization;
using Brook.Producer;
using Brook.TestSupport.Interop;
using Brook.TestSupport.Verification;
using BrookAcks = Brook.Producer.Acks;
using BrookCompression = Brook.Producer.CompressionType;
using BrookHeaders = Brook.Producer.Headers;
using CK = Confluent.Kafka;

namespace Brook.IntegrationTests.EndToEnd;

/// <summary>
/// Brook.Producer scenarios written once and run against every <see cref="IScenarioCluster"/> (librdkafka's mock
/// cluster, Brook.Cluster): each record is issued by a <see cref="RecordLedger"/> (a per-stream sequence in the value,
/// key and headers derived from it), carries an explicit CreateTime, and is read back by a Confluent consumer. Clean
/// means nothing lost, nothing duplicated, per-(partition, stream) order kept, content and timestamps intact.
/// </summary>
public abstract partial class BrookProducerScenarios(IScenarioCluster cluster)
{
    private const int Partitions = 3;
    private static int _topicCounter;
    private readonly Dictionary<(string Stream, long Sequence), long> _timestamps = [];
    private readonly long _baseTimestamp = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 3_600_000;
    private long _issued;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The cluster under test.</summary>
    protected IScenarioCluster Cluster { get; } = cluster;

    private string NewTopic()
    {
        var topic = "brook-scenario-" + Interlocked.Increment(ref _topicCounter).ToString(CultureInfo.InvariantCulture);
        Cluster.CreateTopic(topic, Partitions);
        return topic;
    }

    // Retries with order kept: acks as given, no idempotence (the mock does not de-duplicate sequences outside
    // transactions, so idempotence would prove nothing there), one request in flight per connection.
    private ProducerOptions Options(BrookAcks acks, BrookCompression compression = BrookCompression.None, int requestTimeoutMs = 5_000) => new()
    {
        BootstrapServers = Cluster.BootstrapServers,
        Acks = acks,
        CompressionType = compression,
        LingerMs = 2,
        BatchSize = 4096,
        EnableIdempotence = false,
        MaxInFlightRequestsPerConnection = 1,
        RetryBackoffMs = 10,
        RetryBackoffMaxMs = 50,
        RequestTimeoutMs = requestTimeoutMs,
        DeliveryTimeoutMs = 30_000,
        RandomSeed = 7,
    };

    private Task ProduceAsync(KafkaProducer<byte[]?, byte[]> producer, string topic, RecordLedger ledger, int count) =>
        ProduceAsync(producer, topic, ledger, count, Task.CompletedTask);

    // Sends count ledger records over streams s0..s2 and awaits every delivery (all must succeed). While sends are
    // pending, duringSends runs (a fault window), then the producer is flushed.
    private async Task ProduceAsync(KafkaProducer<byte[]?, byte[]> producer, string topic, RecordLedger ledger, int count, Task duringSends)
    {
        var pending = new ValueTask<DeliveryResult<byte[]?, byte[]>>[count];
        var timestamps = new long[count];
        for (var i = 0; i < count; i++)
        {
            var record = ledger.Next("s" + (i % 3).ToString(CultureInfo.InvariantCulture));
            var headers = new BrookHeaders();
            foreach (var header in record.Headers)
            {
                headers.Add(header.Key, header.Value);
            }

            timestamps[i] = _baseTimestamp + _issued++;
            _timestamps[(record.Stream, record.Sequence)] = timestamps[i];
            var message = new Message<byte[]?, byte[]>
            {
                Key = record.Key,
                Value = record.Value,
                Headers = headers,
                Timestamp = new Timestamp(timestamps[i], TimestampType.CreateTime),
            };
            pending[i] = producer.ProduceAsync(topic, message, Ct);
        }

        await duringSends;
        await producer.FlushAsync(Ct);
        for (var i = 0; i < count; i++)
        {
            var result = await pending[i];
            Assert.Null(result.Error);
        }
    }

    // Reads the topic back with a Confluent consumer; checks the ledger and every record's CreateTime. With
    // duplicatesAllowed (a request that timed out after the broker appended, then retried without idempotence), the
    // first occurrence of every record must still be in order and nothing may be lost or corrupted.
    private ConsumedTopic ConsumeAndVerify(string topic, RecordLedger ledger, bool duplicatesAllowed = false)
    {
        var consumed = new ConsumedTopic(Partitions);
        var badTimestamps = new List<string>();
        ConfluentPeers.ConsumeAll(Cluster.BootstrapServers, topic, Partitions, ledger, ledger.IssuedCount, TimeSpan.FromSeconds(30), onRecord: result =>
        {
            if (!RecordLedger.TryParse(result.Message.Value, out var stream, out var sequence))
            {
                return; // the ledger reports strangers
            }

            consumed.Add(result.Partition.Value, result.Offset.Value, stream, sequence);
            var expected = _timestamps.GetValueOrDefault((stream, sequence), -1);
            var got = result.Message.Timestamp;
            if (got.Type != CK.TimestampType.CreateTime || got.UnixTimestampMs != expected)
            {
                badTimestamps.Add($"{stream} #{sequence}: {got.Type} {got.UnixTimestampMs}, expected CreateTime {expected}");
            }
        });

        Assert.Empty(badTimestamps);
        var report = ledger.Verify();
        if (!duplicatesAllowed)
        {
            report.ThrowIfNotClean();
            return consumed;
        }

        Assert.True(report.Lost.Count == 0 && report.Corrupted.Count == 0 && report.Unexpected.Count == 0, report.ToString());
        Assert.Empty(consumed.FirstOccurrencesOutOfOrder());
        return consumed;
    }
}
