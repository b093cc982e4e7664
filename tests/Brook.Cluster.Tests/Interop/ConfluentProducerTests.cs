using Brook.Cluster.Faults;
using Confluent.Kafka;

namespace Brook.Cluster.Tests.Interop;

/// <summary>librdkafka (Confluent.Kafka 2.16.0) producing to the embedded cluster on the system clock.</summary>
public sealed class ConfluentProducerTests : IAsyncLifetime
{
    private EmbeddedCluster _cluster = null!;

    public async ValueTask InitializeAsync()
    {
        _cluster = await EmbeddedCluster.StartAsync(new EmbeddedClusterOptions { DefaultPartitions = 3 });
    }

    public async ValueTask DisposeAsync() => await _cluster.DisposeAsync();

    private IProducer<string, string> NewProducer(Action<ProducerConfig>? configure = null)
    {
        var config = new ProducerConfig
        {
            BootstrapServers = _cluster.BootstrapServers,
            EnableIdempotence = true,
            Acks = Acks.All,
            LingerMs = 5,
            MessageTimeoutMs = 20_000,
            SocketTimeoutMs = 10_000,
            CompressionType = CompressionType.None,
        };
        configure?.Invoke(config);
        return new ProducerBuilder<string, string>(config).Build();
    }

    [Theory]
    [InlineData(CompressionType.None)]
    [InlineData(CompressionType.Lz4)]
    [InlineData(CompressionType.Zstd)]
    public async Task IdempotentProducer_DeliversEveryMessageOnceInOrder(CompressionType compression)
    {
        const int count = 2000;
        using var producer = NewProducer(c => c.CompressionType = compression);
        var topic = $"interop-{compression}".ToLowerInvariant();
        var deliveries = new List<Task<DeliveryResult<string, string>>>(count);
        for (var i = 0; i < count; i++)
        {
            deliveries.Add(producer.ProduceAsync(topic, new Message<string, string> { Key = $"k{i % 7}", Value = $"v-{i:D10}" }, TestContext.Current.CancellationToken));
        }

        var results = await Task.WhenAll(deliveries).WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        Assert.All(results, r => Assert.Equal(PersistenceStatus.Persisted, r.Status));
        var total = 0L;
        for (var p = 0; p < 3; p++)
        {
            var snapshot = _cluster.GetPartition(topic, p);
            total += snapshot.LogEndOffset;
            Assert.Equal(snapshot.LogEndOffset, snapshot.HighWatermark);
            var mine = results.Where(r => r.Partition.Value == p).Select(r => r.Offset.Value).Order().ToArray();
            Assert.Equal(Enumerable.Range(0, mine.Length).Select(i => (long)i), mine);
            Assert.Single(snapshot.Producers);
        }

        Assert.Equal(count, total);
    }

    [Fact]
    public async Task Producer_AfterLeaderMove_RetriesOnTheNewLeaderWithoutDuplicates()
    {
        using var producer = NewProducer();
        await producer.ProduceAsync("moving", new Message<string, string> { Key = "a", Value = "first" }, TestContext.Current.CancellationToken);
        var p = Enumerable.Range(0, 3).First(i => _cluster.GetPartition("moving", i).LogEndOffset == 1);
        var before = _cluster.GetPartition("moving", p);
        var target = before.Isr.First(b => b != before.Leader);

        _cluster.Faults.MoveLeader("moving", p, target);
        var second = await producer.ProduceAsync(new TopicPartition("moving", p), new Message<string, string> { Key = "a", Value = "second" }, TestContext.Current.CancellationToken);

        Assert.Equal(1, second.Offset.Value);
        var after = _cluster.GetPartition("moving", p);
        Assert.Equal(target, after.Leader);
        Assert.Equal(2, after.LogEndOffset);
    }

    [Theory]
    [InlineData(FaultAction.DisconnectAfterAppend)]
    [InlineData(FaultAction.DisconnectBeforeAppend)]
    public async Task IdempotentProducer_AfterDisconnects_StoresEveryMessageExactlyOnce(FaultAction action)
    {
        _cluster.CreateTopic("flaky", partitions: 1);
        using var producer = NewProducer();
        await producer.ProduceAsync("flaky", new Message<string, string> { Key = "k", Value = "warm-up" }, TestContext.Current.CancellationToken);
        _cluster.Faults.Add(new RequestFault { ApiKey = 0, Action = action, Count = 3 });

        var deliveries = Enumerable.Range(0, 50)
            .Select(i => producer.ProduceAsync("flaky", new Message<string, string> { Key = "k", Value = $"v-{i:D10}" }, TestContext.Current.CancellationToken))
            .ToArray();
        var results = await Task.WhenAll(deliveries).WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        Assert.All(results, r => Assert.Equal(PersistenceStatus.Persisted, r.Status));
        Assert.Equal(Enumerable.Range(1, 50).Select(i => (long)i), results.Select(r => r.Offset.Value));
        Assert.Equal(51, _cluster.GetPartition("flaky", 0).LogEndOffset);
        Assert.Equal(0, _cluster.State.Faults.Count);
    }

    [Fact]
    public async Task AcksAll_WhileIsrBelowMinInsyncReplicas_IsRetriedUntilTheIsrRecovers()
    {
        _cluster.CreateTopic("guarded", partitions: 1, config: new TopicConfig { MinInsyncReplicas = 2 });
        using var producer = NewProducer();
        await producer.ProduceAsync("guarded", new Message<string, string> { Key = "k", Value = "before" }, TestContext.Current.CancellationToken);
        var s = _cluster.GetPartition("guarded", 0);
        var followers = s.Replicas.Select(r => r.BrokerId).Where(b => b != s.Leader).ToArray();
        foreach (var f in followers)
        {
            _cluster.Faults.ShrinkIsr("guarded", 0, f);
        }

        var pending = producer.ProduceAsync("guarded", new Message<string, string> { Key = "k", Value = "during" }, TestContext.Current.CancellationToken);
        var refused = await WaitForAsync(() => _cluster.RequestHistory.Any(r => r.ApiKey == 0 && IsNotEnoughReplicas(r.Response)));
        Assert.True(refused, "the cluster never answered NOT_ENOUGH_REPLICAS");
        Assert.Equal(1, _cluster.GetPartition("guarded", 0).LogEndOffset);

        _cluster.Faults.SetFollowerPaused("guarded", 0, followers[0], paused: false);
        var delivered = await pending.WaitAsync(TimeSpan.FromSeconds(20), TestContext.Current.CancellationToken);

        Assert.Equal(1, delivered.Offset.Value);
        Assert.Equal(2, _cluster.GetPartition("guarded", 0).HighWatermark);
    }

    private static bool IsNotEnoughReplicas(object? response) =>
        response is Brook.Protocol.Messages.ProduceResponse p
        && p.Responses.Any(t => t.PartitionResponses.Any(x => x.ErrorCode == (short)Brook.Protocol.Errors.ErrorCode.NotEnoughReplicas));

    /// <summary>Polls a condition on the real clock, bounded at 10 s.</summary>
    private static async Task<bool> WaitForAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            await Task.Delay(20, TestContext.Current.CancellationToken);
        }

        return true;
    }
}
