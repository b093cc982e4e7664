using System.Globalization;
using Brook.Producer;
using Brook.TestSupport.Verification;
using BrookAcks = Brook.Producer.Acks;
using BrookCompression = Brook.Producer.CompressionType;
using CK = Confluent.Kafka;

namespace Brook.IntegrationTests.EndToEnd;

/// <summary>Delivery without faults: acks, codecs, headers, timestamps, partitioning.</summary>
public abstract partial class BrookProducerScenarios
{
    /// <summary>Every acks level and every codec (decoded by librdkafka's consumer).</summary>
    public static TheoryData<BrookAcks, BrookCompression> AcksAndCodecs => new()
    {
        { BrookAcks.None, BrookCompression.None },
        { BrookAcks.None, BrookCompression.Zstd },
        { BrookAcks.Leader, BrookCompression.Gzip },
        { BrookAcks.Leader, BrookCompression.Snappy },
        { BrookAcks.All, BrookCompression.Lz4 },
        { BrookAcks.All, BrookCompression.Zstd },
    };

    [Theory(Timeout = 60_000)]
    [MemberData(nameof(AcksAndCodecs))]
    public async Task ProduceAsync_AcksAndCodecs_EveryRecordReadBackOnceInOrderWithHeadersAndTimestamps(BrookAcks acks, BrookCompression compression)
    {
        var topic = NewTopic();
        var ledger = new RecordLedger(fillerBytes: 50, keyed: true, headerCount: 2);
        await using (var producer = new ProducerBuilder<byte[]?, byte[]>(Options(acks, compression)).Build())
        {
            await ProduceAsync(producer, topic, ledger, 600);
        }

        ConsumeAndVerify(topic, ledger);
    }

    // The defaults: idempotence on (InitProducerId first, sequences per partition), acks=all, 5 requests in flight.
    [Fact(Timeout = 60_000)]
    public async Task ProduceAsync_IdempotentDefaults_EveryRecordReadBackOnceInOrder()
    {
        var topic = NewTopic();
        var ledger = new RecordLedger(fillerBytes: 50, keyed: true, headerCount: 1);
        var options = Options(BrookAcks.All) with { EnableIdempotence = true, MaxInFlightRequestsPerConnection = 5 };
        await using (var producer = new ProducerBuilder<byte[]?, byte[]>(options).Build())
        {
            await ProduceAsync(producer, topic, ledger, 900);
        }

        ConsumeAndVerify(topic, ledger);
    }

    [Fact(Timeout = 60_000)]
    public async Task ProduceAsync_UnkeyedRecords_SpreadOverEveryPartition()
    {
        var topic = NewTopic();
        var ledger = new RecordLedger(fillerBytes: 50, keyed: false, headerCount: 1);
        var options = Options(BrookAcks.Leader) with { BatchSize = 1024 };
        await using (var producer = new ProducerBuilder<byte[]?, byte[]>(options).Build())
        {
            await ProduceAsync(producer, topic, ledger, 1_500);
        }

        var consumed = ConsumeAndVerify(topic, ledger);
        for (var p = 0; p < Partitions; p++)
        {
            Assert.True(consumed.CountIn(p) > 0, $"partition {p} got no unkeyed record");
        }
    }

    // librdkafka's murmur2_random is Java's partitioner for non-null keys; both clients produce the same 10,000 keys
    // to the same topic and each reports where each key went.
    [Fact(Timeout = 90_000)]
    public async Task ProduceAsync_KeyedRecords_LandWhereLibrdkafkaMurmur2RandomPutsThem()
    {
        const int Keys = 10_000;
        var topic = NewTopic();
        var keys = new string[Keys];
        for (var i = 0; i < Keys; i++)
        {
            keys[i] = "key-" + i.ToString(CultureInfo.InvariantCulture) + "-" + (i * 7919).ToString("x", CultureInfo.InvariantCulture);
        }

        var brookPartitions = new int[Keys];
        await using (var producer = new ProducerBuilder<string, string>(Options(BrookAcks.Leader) with { BatchSize = 65_536 }).Build())
        {
            var tasks = new ValueTask<DeliveryResult<string, string>>[Keys];
            for (var i = 0; i < Keys; i++)
            {
                tasks[i] = producer.ProduceAsync(topic, new Message<string, string> { Key = keys[i], Value = "v" }, Ct);
            }

            for (var i = 0; i < Keys; i++)
            {
                brookPartitions[i] = (await tasks[i]).Partition.Value;
            }
        }

        var librdPartitions = new int[Keys];
        var config = new CK.ProducerConfig { BootstrapServers = Cluster.BootstrapServers, Partitioner = CK.Partitioner.Murmur2Random, LingerMs = 5 };
        config.Set("enable.metrics.push", "false");
        using (var librd = new CK.ProducerBuilder<string, string>(config).Build())
        {
            for (var i = 0; i < Keys; i++)
            {
                var index = i;
                librd.Produce(topic, new CK.Message<string, string> { Key = keys[i], Value = "v" }, r => librdPartitions[index] = r.Error.IsError ? -1 : r.Partition.Value);
            }

            Assert.Equal(0, librd.Flush(TimeSpan.FromSeconds(30)));
        }

        Assert.Equal(librdPartitions, brookPartitions);
        Assert.Equal(Partitions, brookPartitions.Distinct().Count());
    }
}
