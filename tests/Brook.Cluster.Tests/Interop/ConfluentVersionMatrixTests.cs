using Brook.Cluster.Observability;
using Brook.Protocol;
using Confluent.Kafka;
using Confluent.Kafka.Admin;

namespace Brook.Cluster.Tests.Interop;

/// <summary>
/// Every API the cluster serves, round-tripped by librdkafka (Confluent.Kafka 2.16.0) in a non-flexible version
/// (cluster started with <see cref="EmbeddedClusterOptions.FlexibleVersions"/> = false) and in a flexible one (the
/// default cluster). One run drives every scenario with a handful of reused clients; the request history then says
/// which (API, version) pairs were exercised.
/// </summary>
public sealed class ConfluentVersionMatrixTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task EveryServedApi_RoundTripsWithLibrdkafka_InTheNegotiatedEncoding(bool flexible)
    {
        await using var cluster = await EmbeddedCluster.StartAsync(new EmbeddedClusterOptions
        {
            FlexibleVersions = flexible,
            RequestHistoryCapacity = 200_000,
            Groups = new GroupOptions { InitialRebalanceDelayMs = 0 },
        }, TestContext.Current.CancellationToken);
        await RunScenariosAsync(cluster);

        // The ApiVersions fallback frame (a version above the cap, answered v0 without parsing) carries no request.
        var pairs = cluster.RequestHistory
            .Where(r => r.Request is not null && r.Outcome is RequestOutcome.Answered or RequestOutcome.NoResponse)
            .Select(r => ((ApiKey)r.ApiKey, r.ApiVersion))
            .Distinct()
            .ToList();
        var seen = string.Join(", ", pairs.Order().Select(p => $"{p.Item1} v{p.ApiVersion}"));
        foreach (var key in Served)
        {
            var range = SupportedApis.Get(key);
            var versions = pairs.Where(p => p.Item1 == key).Select(p => p.ApiVersion).ToList();
            if (!flexible && key == ApiKey.OffsetForLeaderEpoch)
            {
                // librdkafka trusts leader epochs (and validates positions) only with Metadata v9+, which is flexible.
                Assert.Empty(versions);
                continue;
            }

            Assert.True(versions.Count > 0, $"{key} was never exercised; seen: {seen}");
            if (!flexible)
            {
                Assert.True(!versions.Any(range.IsFlexible), $"{key} used flexible versions in the capped run; seen: {seen}");
            }
            else if (LibrdkafkaMax.TryGetValue(key, out var max))
            {
                Assert.True(versions.Max() == max, $"{key}: librdkafka's highest version was {max}, now {versions.Max()}; update LibrdkafkaMax. Seen: {seen}");
            }
            else
            {
                Assert.True(versions.Any(range.IsFlexible), $"{key} used only non-flexible versions against the default cluster; seen: {seen}");
            }
        }
    }

    private static readonly ApiKey[] Served =
    [
        ApiKey.ApiVersions, ApiKey.Metadata, ApiKey.Produce, ApiKey.Fetch, ApiKey.ListOffsets, ApiKey.OffsetForLeaderEpoch,
        ApiKey.InitProducerId, ApiKey.FindCoordinator, ApiKey.JoinGroup, ApiKey.SyncGroup, ApiKey.Heartbeat, ApiKey.LeaveGroup,
        ApiKey.OffsetCommit, ApiKey.OffsetFetch, ApiKey.DescribeGroups, ApiKey.ListGroups, ApiKey.AddPartitionsToTxn,
        ApiKey.AddOffsetsToTxn, ApiKey.EndTxn, ApiKey.TxnOffsetCommit, ApiKey.CreateTopics, ApiKey.DeleteTopics,
    ];

    /// <summary>
    /// APIs whose highest version in librdkafka 2.16.0 is below the first flexible one, with that version: against the
    /// default cluster they still run non-flexible. Their flexible encodings are proven by the raw-socket tests
    /// (GroupApisWireTests, TransactionHandlersTests, OffsetForLeaderEpochHandlerTests).
    /// </summary>
    private static readonly Dictionary<ApiKey, short> LibrdkafkaMax = new()
    {
        [ApiKey.FindCoordinator] = 2,
        [ApiKey.JoinGroup] = 5,
        [ApiKey.SyncGroup] = 3,
        [ApiKey.Heartbeat] = 3,
        [ApiKey.LeaveGroup] = 1,
        [ApiKey.OffsetForLeaderEpoch] = 2,
        [ApiKey.AddPartitionsToTxn] = 0,
        [ApiKey.AddOffsetsToTxn] = 0,
        [ApiKey.EndTxn] = 1,
        [ApiKey.CreateTopics] = 4,
    };

    private static async Task RunScenariosAsync(EmbeddedCluster cluster)
    {
        var ct = TestContext.Current.CancellationToken;
        var servers = cluster.BootstrapServers;
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = servers }).Build();
        await admin.CreateTopicsAsync([new TopicSpecification { Name = "matrix", NumPartitions = 2, ReplicationFactor = 3 }, new TopicSpecification { Name = "doomed", NumPartitions = 1, ReplicationFactor = 1 }]);
        await admin.DeleteTopicsAsync(["doomed"]);

        foreach (var acks in new[] { Acks.None, Acks.Leader, Acks.All })
        {
            using var producer = new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = servers, Acks = acks, LingerMs = 5, EnableIdempotence = acks == Acks.All }).Build();
            for (var i = 0; i < 20; i++)
            {
                producer.Produce("matrix", new Message<string, string> { Key = $"k{i}", Value = $"{acks}-{i}" });
            }

            Assert.Equal(0, producer.Flush(Bound));
        }

        using (var tx = new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = servers, TransactionalId = "matrix-tx" }).Build())
        using (var groupMeta = new ConsumerBuilder<Ignore, Ignore>(new ConsumerConfig { BootstrapServers = servers, GroupId = "matrix-tx-group" }).Build())
        {
            tx.InitTransactions(Bound);
            foreach (var commit in new[] { true, false })
            {
                tx.BeginTransaction();
                await tx.ProduceAsync("matrix", new Message<string, string> { Key = "t", Value = commit ? "commit" : "abort" }, ct);
                tx.SendOffsetsToTransaction([new TopicPartitionOffset("matrix", 0, 1)], groupMeta.ConsumerGroupMetadata, Bound);
                if (commit)
                {
                    tx.CommitTransaction(Bound);
                }
                else
                {
                    tx.AbortTransaction(Bound);
                }
            }
        }

        using (var assigned = new ConsumerBuilder<Ignore, string>(new ConsumerConfig { BootstrapServers = servers, GroupId = "matrix-assign", EnableAutoCommit = false, AutoOffsetReset = AutoOffsetReset.Earliest, TopicMetadataRefreshIntervalMs = 500 }).Build())
        {
            assigned.Assign(new TopicPartitionOffset("matrix", 0, Offset.Stored));
            var first = ConsumeSome(assigned, 1);
            assigned.Commit([new TopicPartitionOffset("matrix", 0, first.Offset + 1, first.LeaderEpoch)]);
            var partition = cluster.GetPartition("matrix", 0);
            cluster.Faults.MoveLeader("matrix", 0, partition.Replicas.First(r => r.BrokerId != partition.Leader).BrokerId);
            using var late = new ProducerBuilder<Null, string>(new ProducerConfig { BootstrapServers = servers }).Build();
            await late.ProduceAsync(new TopicPartition("matrix", 0), new Message<Null, string> { Value = "after-move" }, ct);
            var deadline = DateTime.UtcNow + Bound;
            while (DateTime.UtcNow < deadline && assigned.Consume(TimeSpan.FromMilliseconds(100))?.Message.Value != "after-move")
            {
            }

            assigned.QueryWatermarkOffsets(new TopicPartition("matrix", 1), Bound);
        }

        using (var subscribed = new ConsumerBuilder<Ignore, string>(new ConsumerConfig { BootstrapServers = servers, GroupId = "matrix-group", EnableAutoCommit = false, AutoOffsetReset = AutoOffsetReset.Earliest, HeartbeatIntervalMs = 100 }).Build())
        {
            subscribed.Subscribe("matrix");
            ConsumeSome(subscribed, 5);
            subscribed.Commit();
            var described = await admin.DescribeConsumerGroupsAsync(["matrix-group"], new DescribeConsumerGroupsOptions { RequestTimeout = Bound });
            Assert.Equal(ConsumerGroupState.Stable, described.ConsumerGroupDescriptions[0].State);
            var listed = await admin.ListConsumerGroupsAsync(new ListConsumerGroupsOptions { RequestTimeout = Bound });
            Assert.Contains(listed.Valid, g => g.GroupId == "matrix-group");
            subscribed.Close();
        }
    }

    private static ConsumeResult<Ignore, string> ConsumeSome(IConsumer<Ignore, string> consumer, int count)
    {
        ConsumeResult<Ignore, string>? last = null;
        var read = 0;
        var deadline = DateTime.UtcNow + Bound;
        while (read < count && DateTime.UtcNow < deadline)
        {
            var result = consumer.Consume(TimeSpan.FromMilliseconds(100));
            if (result is not null)
            {
                last = result;
                read++;
            }
        }

        Assert.True(last is not null && read == count, $"read {read} of {count} records");
        return last;
    }
}
