using Brook.Cluster;
using Brook.TestSupport.Interop;
using Confluent.Kafka;
using Message = Brook.Producer.Message<Brook.Producer.Null, int>;
using BrookTopicPartition = Brook.Producer.TopicPartition;
using BrookTopicPartitionOffset = Brook.Producer.TopicPartitionOffset;

namespace Brook.IntegrationTests.Transactions;

/// <summary>
/// Consume-transform-produce with <see cref="Brook.Producer.TransactionalProcessor{TKey, TValue}"/>: a Confluent group consumer reads
/// the input, Brook writes the output and the group's offsets in one transaction. A transform failure aborts; the
/// consumer rewinds to the committed offsets; the output ends up exactly once.
/// </summary>
public sealed class TransactionalProcessorTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact(Timeout = 90_000)]
    public async Task ProcessAsync_AbortedBatchIsReprocessed_OutputExactlyOnce_OffsetsCommitted()
    {
        const string input = "ctp-in";
        const string output = "ctp-out";
        const string group = "ctp-group";
        const int records = 40;
        await using var cluster = await EmbeddedCluster.StartAsync(new EmbeddedClusterOptions { DefaultPartitions = 1 }, Ct);
        cluster.CreateTopic(input, 1);
        cluster.CreateTopic(output, 1);
        using (var seed = ConfluentPeers.BuildProducer(ConfluentPeers.ProducerConfig(cluster.BootstrapServers, Confluent.Kafka.Acks.All)))
        {
            for (var i = 0; i < records; i++)
            {
                seed.Produce(input, new Message<byte[], byte[]> { Key = [], Value = BitConverter.GetBytes(i) });
            }

            ConfluentPeers.Flush(seed, Timeout);
        }

        var config = ConfluentPeers.ConsumerConfig(cluster.BootstrapServers);
        config.GroupId = group;
        config.EnableAutoCommit = false;
        config.AutoOffsetReset = AutoOffsetReset.Earliest;
        config.IsolationLevel = IsolationLevel.ReadCommitted;
        using var consumer = ConfluentPeers.BuildConsumer(config);
        consumer.Subscribe(input);
        await using var producer = new Brook.Producer.ProducerBuilder<Brook.Producer.Null, int>(new Brook.Producer.ProducerOptions
        {
            BootstrapServers = cluster.BootstrapServers,
            TransactionalId = "ctp-tx",
            LingerMs = 1,
            MaxBlockMs = 30_000,
        }).Build();
        await producer.InitTransactionsAsync(Ct);
        var processor = new Brook.Producer.TransactionalProcessor<Brook.Producer.Null, int>(producer);
        var failOnce = true;
        int done = 0, aborted = 0;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (done < records && clock.Elapsed < Timeout)
        {
            var polled = Poll(consumer, 7);
            if (polled.Count == 0)
            {
                continue;
            }

            // Confluent's group metadata is opaque; Brook takes the group id (generation checks need a Brook-aware consumer).
            var groupMetadata = Brook.Producer.ConsumerGroupMetadata.ForGroup(group);
            try
            {
                var committed = await processor.ProcessAsync(
                    polled,
                    static r => new BrookTopicPartitionOffset(r.Topic, r.Partition.Value, r.Offset.Value),
                    groupMetadata,
                    async (r, p, ct) =>
                    {
                        var value = BitConverter.ToInt32(r.Message.Value);
                        if (value == 13 && failOnce)
                        {
                            failOnce = false;
                            throw new InvalidOperationException("poison record 13 (fails once)");
                        }

                        await p.ProduceAsync(new BrookTopicPartition(output, 0), new Message { Value = value * 10 }, ct);
                    },
                    Ct);
                Assert.True(committed);
                done = (int)polled[^1].Offset.Value + 1;
            }
            catch (InvalidOperationException)
            {
                aborted++;
                Rewind(consumer, input);
            }
        }

        Assert.Equal(1, aborted);
        Assert.Equal(records, done);
        Assert.Equal(records, consumer.Committed([new Confluent.Kafka.TopicPartition(input, 0)], Timeout)[0].Offset.Value);
        var values = ReadCommitted(cluster.BootstrapServers, output, records);
        Assert.Equal(Enumerable.Range(0, records).Select(i => i * 10), values);
    }

    private static List<ConsumeResult<byte[], byte[]>> Poll(IConsumer<byte[], byte[]> consumer, int max)
    {
        var polled = new List<ConsumeResult<byte[], byte[]>>();
        while (polled.Count < max)
        {
            var result = consumer.Consume(TimeSpan.FromMilliseconds(polled.Count == 0 ? 200 : 20));
            if (result is null)
            {
                break;
            }

            if (!result.IsPartitionEOF)
            {
                polled.Add(result);
            }
        }

        return polled;
    }

    // After an abort the consumer's position is past the aborted inputs: go back to what the group committed.
    private static void Rewind(IConsumer<byte[], byte[]> consumer, string topic)
    {
        var tp = new Confluent.Kafka.TopicPartition(topic, 0);
        var committed = consumer.Committed([tp], Timeout)[0].Offset;
        consumer.Seek(new Confluent.Kafka.TopicPartitionOffset(tp, committed == Offset.Unset ? Offset.Beginning : committed));
    }

    private static List<int> ReadCommitted(string bootstrap, string topic, int expected)
    {
        var config = ConfluentPeers.ConsumerConfig(bootstrap);
        config.IsolationLevel = IsolationLevel.ReadCommitted;
        using var consumer = ConfluentPeers.BuildConsumer(config);
        consumer.Assign(new Confluent.Kafka.TopicPartitionOffset(topic, 0, Offset.Beginning));
        var values = new List<int>();
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
                if (values.Count >= expected)
                {
                    break;
                }

                continue;
            }

            values.Add(System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(result.Message.Value)); // Brook's Int32 serializer is big-endian, as Java's
        }

        consumer.Close();
        return values;
    }
}
