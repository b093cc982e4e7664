using Brook.Cluster;
using Brook.Cluster.Faults;
using Brook.Cluster.Transactions;
using Brook.Protocol;
using BrookError = Brook.Protocol.Errors.ErrorCode;
using Brook.TestSupport.Interop;
using Brook.TestSupport.Verification;
using Confluent.Kafka;

namespace Brook.IntegrationTests.Transactions;

/// <summary>
/// Confluent.Kafka's (librdkafka 2.16.0) transactional producer against Brook.Cluster, checked by Confluent consumers
/// in both isolation levels (broker-semantics.md §3, §5). Every wait is bounded.
/// </summary>
public sealed class ConfluentTransactionsTests : IAsyncLifetime
{
    private const int Partitions = 3;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private EmbeddedCluster _cluster = null!;

    public async ValueTask InitializeAsync()
    {
        _cluster = await EmbeddedCluster.StartAsync(new EmbeddedClusterOptions { DefaultPartitions = Partitions });
    }

    public async ValueTask DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public void CommitAndAbort_ReadCommittedSeesExactlyTheCommittedRecords_ReadUncommittedSeesAll()
    {
        const string topic = "txn-commit-abort";
        _cluster.CreateTopic(topic, Partitions);
        var committed = new RecordLedger();
        var aborted = new RecordLedger();
        using (var producer = TransactionalProducer("tx-1"))
        {
            producer.InitTransactions(Timeout);
            RunTransaction(producer, topic, committed, "c", 120, commit: true);
            RunTransaction(producer, topic, aborted, "a", 60, commit: false);
            RunTransaction(producer, topic, committed, "c", 80, commit: true);
        }

        var (readCommitted, abortedSeen) = Consume(topic, IsolationLevel.ReadCommitted, committed, 200);
        Assert.Equal(0, abortedSeen);
        Assert.Equal(200, readCommitted);
        committed.Verify().ThrowIfNotClean();

        var (uncommittedValid, uncommittedAborted) = Consume(topic, IsolationLevel.ReadUncommitted, null, 260);
        Assert.Equal(200, uncommittedValid);
        Assert.Equal(60, uncommittedAborted);

        var abortIndexEntries = 0;
        for (var p = 0; p < Partitions; p++)
        {
            var snapshot = _cluster.GetPartition(topic, p);
            Assert.Equal(snapshot.HighWatermark, snapshot.LastStableOffset);
            Assert.Empty(snapshot.OpenTransactions);
            abortIndexEntries += snapshot.AbortedTransactions.Count;
        }

        Assert.True(abortIndexEntries > 0, "the aborted transaction left no entry in any partition's aborted index");
        Assert.Equal(TransactionState.CompleteCommit, _cluster.GetTransaction("tx-1")!.State);
    }

    [Fact]
    public void SecondProducerOnSameTransactionalId_FencesTheFirstAndAbortsItsTransaction()
    {
        const string topic = "txn-zombie";
        _cluster.CreateTopic(topic, Partitions);
        var ledger = new RecordLedger();
        using var zombie = TransactionalProducer("tx-z");
        zombie.InitTransactions(Timeout);
        zombie.BeginTransaction();
        ProduceAndFlush(zombie, topic, new RecordLedger(), "zombie", 30);
        var before = _cluster.GetTransaction("tx-z")!;
        Assert.Equal(TransactionState.Ongoing, before.State);

        using var successor = TransactionalProducer("tx-z");
        successor.InitTransactions(Timeout);
        var after = _cluster.GetTransaction("tx-z")!;
        Assert.Equal(before.ProducerId, after.ProducerId);
        Assert.True(after.ProducerEpoch >= before.ProducerEpoch + 2, $"epoch {before.ProducerEpoch} -> {after.ProducerEpoch}: fence and re-init both bump it");
        RunTransaction(successor, topic, ledger, "ok", 40, commit: true);

        Assert.ThrowsAny<KafkaException>(() =>
        {
            zombie.Produce(topic, new Message<byte[], byte[]> { Key = [1], Value = [1] });
            zombie.CommitTransaction(Timeout);
        });

        var (read, zombieSeen) = Consume(topic, IsolationLevel.ReadCommitted, ledger, 40);
        Assert.Equal(40, read);
        Assert.Equal(0, zombieSeen);
        ledger.Verify().ThrowIfNotClean();
    }

    [Fact]
    public void SendOffsetsToTransaction_OffsetsVisibleToOffsetFetchOnlyAfterCommit()
    {
        const string topic = "txn-offsets";
        const string group = "txn-offsets-group";
        _cluster.CreateTopic(topic, Partitions);
        var config = ConfluentPeers.ConsumerConfig(_cluster.BootstrapServers);
        config.GroupId = group;
        using var consumer = ConfluentPeers.BuildConsumer(config);
        using var producer = TransactionalProducer("tx-o");
        producer.InitTransactions(Timeout);
        var input = new TopicPartition(topic, 0);

        producer.BeginTransaction();
        ProduceAndFlush(producer, topic, new RecordLedger(), "o", 5);
        producer.SendOffsetsToTransaction([new TopicPartitionOffset(input, 42)], consumer.ConsumerGroupMetadata, Timeout);
        Assert.Equal(Offset.Unset, consumer.Committed([input], Timeout)[0].Offset);
        producer.AbortTransaction(Timeout);
        Assert.Equal(Offset.Unset, consumer.Committed([input], Timeout)[0].Offset);

        producer.BeginTransaction();
        ProduceAndFlush(producer, topic, new RecordLedger(), "o", 5);
        producer.SendOffsetsToTransaction([new TopicPartitionOffset(input, 43)], consumer.ConsumerGroupMetadata, Timeout);
        producer.CommitTransaction(Timeout);

        Assert.Equal(43, consumer.Committed([input], Timeout)[0].Offset.Value);
    }

    [Fact]
    public void Commit_ThroughCoordinatorFaults_RetriesAndCommitsOnce()
    {
        const string topic = "txn-faults";
        const string id = "tx-f";
        _cluster.CreateTopic(topic, Partitions);
        var ledger = new RecordLedger();
        _cluster.Faults.Add(new RequestFault { ApiKey = (short)ApiKey.InitProducerId, Error = BrookError.CoordinatorLoadInProgress, Count = 2 });
        _cluster.Faults.Add(new RequestFault { ApiKey = (short)ApiKey.AddPartitionsToTxn, Error = BrookError.ConcurrentTransactions, Count = 1 });
        _cluster.Faults.SetTransactionMarkerDelay(200);
        using var producer = TransactionalProducer(id);
        producer.InitTransactions(Timeout);
        RunTransaction(producer, topic, ledger, "c", 30, commit: true);

        // The coordinator moves between transactions: the old one answers NOT_COORDINATOR, the client looks it up again.
        var before = _cluster.GetTransaction(id)!;
        var moved = (_cluster.State.Transactions.CoordinatorFor(id) + 1) % _cluster.Options.BrokerCount;
        _cluster.Faults.MoveTransactionCoordinator(id, moved);
        RunTransaction(producer, topic, ledger, "c", 30, commit: true);
        // Before the consume: its fetches go into the same bounded request history.
        Assert.Contains(_cluster.RequestHistory, r => r.ApiKey == (short)ApiKey.EndTxn && r.BrokerId == moved);

        var (read, others) = Consume(topic, IsolationLevel.ReadCommitted, ledger, 60);
        Assert.Equal(60, read);
        Assert.Equal(0, others);
        ledger.Verify().ThrowIfNotClean();
        var after = _cluster.GetTransaction(id)!;
        Assert.Equal((before.ProducerId, before.ProducerEpoch), (after.ProducerId, after.ProducerEpoch));
        Assert.Equal(moved, _cluster.State.Transactions.CoordinatorFor(id));
        Assert.Equal(0, _cluster.State.Faults.Count);
    }

    private IProducer<byte[], byte[]> TransactionalProducer(string transactionalId)
    {
        var config = ConfluentPeers.ProducerConfig(_cluster.BootstrapServers, Acks.All);
        config.EnableIdempotence = true;
        config.TransactionalId = transactionalId;
        config.TransactionTimeoutMs = 60_000;
        return ConfluentPeers.BuildProducer(config);
    }

    private static void RunTransaction(IProducer<byte[], byte[]> producer, string topic, RecordLedger ledger, string stream, int count, bool commit)
    {
        producer.BeginTransaction();
        ProduceAndFlush(producer, topic, ledger, stream, count);
        if (commit)
        {
            producer.CommitTransaction(Timeout);
        }
        else
        {
            producer.AbortTransaction(Timeout);
        }
    }

    private static void ProduceAndFlush(IProducer<byte[], byte[]> producer, string topic, RecordLedger ledger, string stream, int count)
    {
        // Spread over every partition so each transaction touches several.
        for (var i = 0; i < count; i++)
        {
            producer.Produce(new TopicPartition(topic, i % Partitions), ConfluentPeers.ToMessage(ledger.Next(stream)));
        }

        ConfluentPeers.Flush(producer, Timeout);
    }

    /// <summary>
    /// Reads every partition from the beginning until each is at its end (the LSO under read_committed) and
    /// <paramref name="expected"/> records were read, or 30 s passed. Records of the streams the ledger issued are
    /// observed into it (when given); returns (their count, the count of every other record).
    /// </summary>
    private (int Valid, int Others) Consume(string topic, IsolationLevel isolation, RecordLedger? ledger, int expected) =>
        TransactionConsumer.Consume(_cluster.BootstrapServers, topic, Partitions, isolation, ["c", "ok"], ledger, expected, Timeout);
}
