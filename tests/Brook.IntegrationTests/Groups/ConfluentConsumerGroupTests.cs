using System.Text;
using Brook.Cluster;
using Brook.TestSupport.Interop;
using Brook.TestSupport.Verification;
using Confluent.Kafka;

namespace Brook.IntegrationTests.Groups;

/// <summary>
/// librdkafka consumers in classic groups against the embedded cluster: FindCoordinator, JoinGroup (with KIP-394's
/// MEMBER_ID_REQUIRED round), SyncGroup, Heartbeat, LeaveGroup, OffsetCommit and OffsetFetch as a real client drives
/// them. Every wait is bounded; the initial rebalance delay is 0.
/// </summary>
public sealed class ConfluentConsumerGroupTests : IAsyncLifetime
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);
    private EmbeddedCluster _cluster = null!;

    public async ValueTask InitializeAsync()
    {
        _cluster = await EmbeddedCluster.StartAsync(new EmbeddedClusterOptions
        {
            DefaultPartitions = 3,
            Groups = new GroupOptions { InitialRebalanceDelayMs = 0 },
        });
    }

    public async ValueTask DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public void Subscribe_SingleConsumer_ReadsEveryRecordOnceInOrderWithHeaders()
    {
        const string topic = "group-single";
        _cluster.CreateTopic(topic, partitions: 3, replicationFactor: 3);
        var ledger = new RecordLedger(fillerBytes: 48, keyed: true, headerCount: 2);
        Produce(topic, ledger, "a", 900);

        using var consumer = ConfluentPeers.BuildConsumer(GroupConfig("single"));
        consumer.Subscribe(topic);
        var read = ConsumeUntil(consumer, ledger, 900);
        consumer.Close();

        var report = ledger.Verify();
        Assert.True(report.IsClean, report.ToString());
        Assert.Equal(900, read);
    }

    [Fact]
    public void TwoConsumers_SplitThePartitions_AndTheSurvivorTakesOverWhenOneLeaves()
    {
        const string topic = "group-split";
        _cluster.CreateTopic(topic, partitions: 4, replicationFactor: 3);
        var ledger = new RecordLedger(keyed: true);
        Produce(topic, ledger, "a", 400);
        var seen = new HashSet<string>(StringComparer.Ordinal);

        using var first = ConfluentPeers.BuildConsumer(GroupConfig("split"));
        using var second = ConfluentPeers.BuildConsumer(GroupConfig("split"));
        first.Subscribe(topic);
        second.Subscribe(topic);
        var deadline = DateTime.UtcNow + Bound;
        while (DateTime.UtcNow < deadline && !(IsSplit(first, second) && seen.Count >= 400))
        {
            Poll(first, seen);
            Poll(second, seen);
        }

        Assert.True(IsSplit(first, second), $"no split: {Describe(first)} / {Describe(second)}");
        Assert.Equal(400, seen.Count);
        var generationBefore = _cluster.State.Groups.Describe("split")!.Value.Generation;

        second.Close();
        Produce(topic, ledger, "b", 200);
        deadline = DateTime.UtcNow + Bound;
        while (DateTime.UtcNow < deadline && !(first.Assignment.Count == 4 && seen.Count >= 600))
        {
            Poll(first, seen);
        }

        Assert.Equal(4, first.Assignment.Count);
        Assert.Equal(600, seen.Count);
        var group = _cluster.State.Groups.Describe("split")!.Value;
        Assert.Single(group.Members);
        Assert.True(group.Generation > generationBefore);
        first.Close();
    }

    [Fact]
    public void CommittedOffsets_AreResumedByTheNextConsumerOfTheGroup()
    {
        const string topic = "group-resume";
        _cluster.CreateTopic(topic, partitions: 3, replicationFactor: 3);
        var ledger = new RecordLedger(keyed: true);
        Produce(topic, ledger, "old", 300);

        using (var consumer = ConfluentPeers.BuildConsumer(GroupConfig("resume")))
        {
            consumer.Subscribe(topic);
            Assert.Equal(300, ConsumeUntil(consumer, ledger, 300));
            var committed = consumer.Commit();
            Assert.Equal(3, committed.Count);
            consumer.Close();
        }

        for (var p = 0; p < 3; p++)
        {
            Assert.True(_cluster.State.Groups.TryGetOffset("resume", topic, p, out var offset));
            Assert.Equal(_cluster.GetPartition(topic, p).LogEndOffset, offset.Offset);
        }

        Produce(topic, ledger, "new", 150);
        var fresh = new RecordLedger(keyed: true);
        using (var consumer = ConfluentPeers.BuildConsumer(GroupConfig("resume")))
        {
            consumer.Subscribe(topic);
            var read = ConsumeUntil(consumer, fresh, 150);
            // Anything more than the new records would show up within a few more polls.
            for (var i = 0; i < 5; i++)
            {
                if (consumer.Consume(TimeSpan.FromMilliseconds(100)) is { } extra)
                {
                    fresh.Observe(ConfluentPeers.ToObserved(extra));
                }
            }

            consumer.Close();
            Assert.Equal(150, read);
        }

        Assert.Equal(150, fresh.ObservedCount);
    }

    private static bool IsSplit(IConsumer<byte[], byte[]> a, IConsumer<byte[], byte[]> b)
    {
        var x = a.Assignment;
        var y = b.Assignment;
        if (x.Count == 0 || y.Count == 0 || x.Count + y.Count != 4)
        {
            return false;
        }

        return !x.Exists(tp => y.Contains(tp));
    }

    private static string Describe(IConsumer<byte[], byte[]> c) => string.Join(',', c.Assignment.Select(tp => tp.Partition.Value));

    private static void Poll(IConsumer<byte[], byte[]> consumer, HashSet<string> seen)
    {
        if (consumer.Consume(TimeSpan.FromMilliseconds(50)) is { IsPartitionEOF: false } result)
        {
            seen.Add(Encoding.ASCII.GetString(result.Message.Value));
        }
    }

    private static int ConsumeUntil(IConsumer<byte[], byte[]> consumer, RecordLedger ledger, int expected)
    {
        var read = 0;
        var deadline = DateTime.UtcNow + Bound;
        while (read < expected && DateTime.UtcNow < deadline)
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(100)) is { IsPartitionEOF: false } result)
            {
                ledger.Observe(ConfluentPeers.ToObserved(result));
                read++;
            }
        }

        return read;
    }

    private ConsumerConfig GroupConfig(string groupId)
    {
        var config = ConfluentPeers.ConsumerConfig(_cluster.BootstrapServers);
        config.GroupId = groupId;
        config.EnablePartitionEof = false;
        config.EnableAutoOffsetStore = true;
        config.SessionTimeoutMs = 6000;
        config.HeartbeatIntervalMs = 300;
        return config;
    }

    private void Produce(string topic, RecordLedger ledger, string stream, int count)
    {
        using var producer = ConfluentPeers.BuildProducer(ConfluentPeers.ProducerConfig(_cluster.BootstrapServers, Acks.All));
        Assert.Empty(ConfluentPeers.ProduceAndFlush(producer, topic, ledger, stream, count));
    }
}
