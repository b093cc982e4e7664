using Brook.Cluster;
using Brook.Producer;
using BrookAcks = Brook.Producer.Acks;

namespace Brook.IntegrationTests.EndToEnd;

/// <summary>
/// Java's guarantee, against the embedded cluster: delivery reports for records sent to one partition arrive in send
/// order. Small batches and max.in.flight 5 put many requests on the connection at once, so answers arrive in bursts;
/// the loop learned of them through thread-pool continuations in any order and once completed a partition's later batch
/// before its earlier one (callbacks out of order at a batch boundary). Every report must carry the next offset.
/// </summary>
public sealed class DeliveryOrderTests
{
    private const string Topic = "order";
    private const int Partitions = 3;
    private const int Records = 6_000;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static ProducerOptions Options(string bootstrap, bool asyncContinuations) => new()
    {
        BootstrapServers = bootstrap,
        Acks = BrookAcks.All,
        LingerMs = 0,
        BatchSize = 512,
        EnableIdempotence = false,
        MaxInFlightRequestsPerConnection = 5,
        RunContinuationsAsynchronously = asyncContinuations,
    };

    [Fact(Timeout = 60_000)]
    public async Task Produce_WithCallback_ReportsEachPartitionInSendOrder()
    {
        await using var cluster = await StartAsync();
        var log = new OffsetLog();
        await using (var producer = new ProducerBuilder<string, string>(Options(cluster.BootstrapServers, asyncContinuations: true)).Build())
        {
            Action<DeliveryResult<string, string>> report = log.Add;
            for (var i = 0; i < Records; i++)
            {
                producer.Produce(new TopicPartition(Topic, i % Partitions), Message(i), report);
            }

            await producer.FlushAsync(Ct);
        }

        log.AssertInSendOrder();
    }

    [Fact(Timeout = 60_000)]
    public async Task ProduceAsync_WithSynchronousContinuations_CompletesEachPartitionInSendOrder()
    {
        await using var cluster = await StartAsync();
        var log = new OffsetLog();
        var observers = new List<Task>(Records);
        await using (var producer = new ProducerBuilder<string, string>(Options(cluster.BootstrapServers, asyncContinuations: false)).Build())
        {
            for (var i = 0; i < Records; i++)
            {
                observers.Add(ObserveAsync(producer.ProduceAsync(new TopicPartition(Topic, i % Partitions), Message(i), Ct), log));
            }

            await producer.FlushAsync(Ct);
            await Task.WhenAll(observers);
        }

        log.AssertInSendOrder();
    }

    // The continuation after the await runs inline on the producer's completion thread, so the log sees completion order.
    private static async Task ObserveAsync(ValueTask<DeliveryResult<string, string>> delivery, OffsetLog log) => log.Add(await delivery);

    private static Message<string, string> Message(int i) => new() { Key = "k" + i, Value = "value-" + i };

    private static async Task<EmbeddedCluster> StartAsync()
    {
        var cluster = await EmbeddedCluster.StartAsync(new EmbeddedClusterOptions { BrokerCount = 1, DefaultReplicationFactor = 1 }, Ct);
        cluster.CreateTopic(Topic, Partitions, 1);
        return cluster;
    }

    private sealed class OffsetLog
    {
        private readonly Lock _gate = new();
        private readonly List<long>[] _offsets = [[], [], []];
        private readonly List<string> _errors = [];

        public void Add(DeliveryResult<string, string> result)
        {
            lock (_gate)
            {
                if (result.Error is not null)
                {
                    _errors.Add($"{result.Value}: {result.Error.Message}");
                }

                _offsets[result.Partition.Value].Add(result.Offset.Value);
            }
        }

        public void AssertInSendOrder()
        {
            Assert.Empty(_errors);
            foreach (var offsets in _offsets)
            {
                Assert.Equal(Records / Partitions, offsets.Count);
                for (var i = 0; i < offsets.Count; i++)
                {
                    Assert.True(offsets[i] == i, $"Report {i} of a partition carried offset {offsets[i]}: reports out of send order.");
                }
            }
        }
    }
}
