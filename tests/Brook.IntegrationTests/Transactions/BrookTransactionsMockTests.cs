using Brook.Producer;
using Brook.TestSupport.Interop;
using Brook.TestSupport.Verification;
using IsolationLevel = Confluent.Kafka.IsolationLevel;

namespace Brook.IntegrationTests.Transactions;

/// <summary>
/// Brook's transactional producer against librdkafka's mock cluster (a second, independent coordinator
/// implementation). Commits only: the mock does not filter aborted records for read_committed (peers.md).
/// </summary>
public sealed class BrookTransactionsMockTests
{
    private const int Partitions = 3;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact(Timeout = 90_000)]
    public async Task CommittedTransactions_AreReadOnceInOrder_FromTheMockCluster()
    {
        const string topic = "brook-txn-mock";
        using var cluster = MockCluster.Start(3);
        cluster.SetControllerId(1);
        cluster.CreateTopic(topic, Partitions);
        var ledger = new RecordLedger(headerCount: 0);
        await using (var producer = new ProducerBuilder<byte[]?, byte[]>(new ProducerOptions
        {
            BootstrapServers = cluster.BootstrapServers,
            TransactionalId = "brook-mock-tx",
            LingerMs = 2,
            MaxBlockMs = 30_000,
            RequestTimeoutMs = 10_000,
            DeliveryTimeoutMs = 30_000,
        }).Build())
        {
            await producer.InitTransactionsAsync(Ct);
            for (var t = 0; t < 3; t++)
            {
                producer.BeginTransaction();
                var sends = new List<ValueTask<DeliveryResult<byte[]?, byte[]>>>();
                for (var i = 0; i < 30; i++)
                {
                    var record = ledger.Next("c");
                    sends.Add(producer.ProduceAsync(new TopicPartition(topic, i % Partitions), new Message<byte[]?, byte[]> { Key = record.Key, Value = record.Value }, Ct));
                }

                await producer.CommitTransactionAsync(Ct);
                foreach (var send in sends)
                {
                    Assert.Equal(PersistenceStatus.Persisted, (await send).Status);
                }
            }
        }

        var (read, others) = TransactionConsumer.Consume(cluster.BootstrapServers, topic, Partitions, IsolationLevel.ReadCommitted, "c", ledger, 90, Timeout);
        Assert.Equal((90, 0), (read, others));
        ledger.Verify().ThrowIfNotClean();
    }
}
