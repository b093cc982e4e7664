using Brook.Cluster;
using Brook.Cluster.Faults;
using Brook.Producer;
using Brook.Protocol;
using Brook.TestSupport.Interop;
using Brook.TestSupport.Verification;
using BrookError = Brook.Protocol.Errors.ErrorCode;
using ClusterTxnState = Brook.Cluster.Transactions.TransactionState;
using IsolationLevel = Confluent.Kafka.IsolationLevel;

namespace Brook.IntegrationTests.Transactions;

/// <summary>
/// Brook's transactional producer against Brook.Cluster, checked by Confluent consumers in both isolation levels
/// (broker-semantics.md §3, §5): commits visible exactly once, aborts never under read_committed, zombie fencing,
/// transactional offsets, coordinator faults. Every wait is bounded.
/// </summary>
public sealed class BrookTransactionsTests : IAsyncLifetime
{
    private const int Partitions = 3;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private EmbeddedCluster _cluster = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _cluster = await EmbeddedCluster.StartAsync(new EmbeddedClusterOptions { DefaultPartitions = Partitions }, Ct);
    }

    public async ValueTask DisposeAsync() => await _cluster.DisposeAsync();

    [Fact(Timeout = 90_000)]
    public async Task CommitAndAbort_ReadCommittedSeesExactlyTheCommittedRecords_ReadUncommittedSeesAll()
    {
        const string topic = "brook-txn-commit-abort";
        _cluster.CreateTopic(topic, Partitions);
        var committed = new RecordLedger(headerCount: 0);
        var aborted = new RecordLedger(headerCount: 0);
        await using (var producer = Transactional("btx-1"))
        {
            await producer.InitTransactionsAsync(Ct);
            await RunTransactionAsync(producer, topic, committed, "c", 120, commit: true);
            await RunTransactionAsync(producer, topic, aborted, "a", 60, commit: false);
            await RunTransactionAsync(producer, topic, committed, "c", 80, commit: true);
        }

        var (readCommitted, abortedSeen) = TransactionConsumer.Consume(_cluster.BootstrapServers, topic, Partitions, IsolationLevel.ReadCommitted, "c", committed, 200, Timeout);
        Assert.Equal(0, abortedSeen);
        Assert.Equal(200, readCommitted);
        committed.Verify().ThrowIfNotClean();

        var (uncommittedValid, uncommittedAborted) = TransactionConsumer.Consume(_cluster.BootstrapServers, topic, Partitions, IsolationLevel.ReadUncommitted, "c", null, 260, Timeout);
        Assert.Equal(200, uncommittedValid);
        Assert.Equal(60, uncommittedAborted);
        for (var p = 0; p < Partitions; p++)
        {
            var snapshot = _cluster.GetPartition(topic, p);
            Assert.Equal(snapshot.HighWatermark, snapshot.LastStableOffset);
            Assert.Empty(snapshot.OpenTransactions);
        }

        Assert.Equal(ClusterTxnState.CompleteCommit, _cluster.GetTransaction("btx-1")!.State);
    }

    [Fact(Timeout = 60_000)]
    public async Task Abort_UnsentRecordsFailWithAClearError_AndNothingIsWritten()
    {
        const string topic = "brook-txn-abort-unsent";
        _cluster.CreateTopic(topic, Partitions);
        var options = Options("btx-unsent") with { LingerMs = 60_000, BatchSize = 1 << 20, DeliveryTimeoutMs = 120_000 };
        await using var producer = new ProducerBuilder<byte[]?, byte[]>(options).Build();
        await producer.InitTransactionsAsync(Ct);
        producer.BeginTransaction();
        var ledger = new RecordLedger(headerCount: 0);
        var sends = new List<ValueTask<DeliveryResult<byte[]?, byte[]>>>();
        for (var i = 0; i < 10; i++)
        {
            sends.Add(producer.ProduceAsync(new TopicPartition(topic, i % Partitions), ToMessage(ledger.Next("x")), Ct));
        }

        await producer.AbortTransactionAsync(Ct);

        foreach (var send in sends)
        {
            var error = await Assert.ThrowsAsync<ProduceException<byte[]?, byte[]>>(async () => await send);
            var inner = Assert.IsType<TransactionAbortableException>(error.InnerException);
            Assert.Contains("aborted before this record was sent", inner.Message, StringComparison.Ordinal);
            Assert.Equal(PersistenceStatus.NotPersisted, error.DeliveryResult.Status);
        }

        // The producer is usable again: the next transaction commits.
        var committed = new RecordLedger(headerCount: 0);
        await RunTransactionAsync(producer, topic, committed, "c", 9, commit: true);
        var (read, others) = TransactionConsumer.Consume(_cluster.BootstrapServers, topic, Partitions, IsolationLevel.ReadUncommitted, "c", committed, 9, Timeout);
        Assert.Equal((9, 0), (read, others));
        committed.Verify().ThrowIfNotClean();
    }

    [Fact(Timeout = 60_000)]
    public async Task Send_OutsideATransaction_FailsWithAClearError()
    {
        await using var producer = Transactional("btx-outside");
        var beforeInit = Assert.Throws<InvalidOperationException>(() => producer.Produce("t", new Message<byte[]?, byte[]> { Value = [1] }));
        Assert.Contains("InitTransactionsAsync", beforeInit.Message, StringComparison.Ordinal);
        await producer.InitTransactionsAsync(Ct);
        var beforeBegin = Assert.Throws<InvalidOperationException>(() => producer.Produce("t", new Message<byte[]?, byte[]> { Value = [1] }));
        Assert.Contains("BeginTransaction", beforeBegin.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await producer.CommitTransactionAsync(Ct));
    }

    [Fact(Timeout = 90_000)]
    public async Task SecondProducerOnSameTransactionalId_FencesTheFirst_WhoseCommitIsFatal()
    {
        const string topic = "brook-txn-zombie";
        _cluster.CreateTopic(topic, Partitions);
        var ledger = new RecordLedger(headerCount: 0);
        await using var zombie = Transactional("btx-z");
        await zombie.InitTransactionsAsync(Ct);
        zombie.BeginTransaction();
        await ProduceAndFlushAsync(zombie, topic, new RecordLedger(headerCount: 0), "zombie", 30);
        var before = _cluster.GetTransaction("btx-z")!;
        Assert.Equal(ClusterTxnState.Ongoing, before.State);

        await using var successor = Transactional("btx-z");
        await successor.InitTransactionsAsync(Ct);
        Assert.True(_cluster.GetTransaction("btx-z")!.ProducerEpoch > before.ProducerEpoch);
        await RunTransactionAsync(successor, topic, ledger, "ok", 40, commit: true);

        var late = zombie.ProduceAsync(new TopicPartition(topic, 0), new Message<byte[]?, byte[]> { Value = [1] }, Ct);
        var fatal = await Assert.ThrowsAsync<FatalException>(async () => await zombie.CommitTransactionAsync(Ct));
        Assert.True(fatal.IsFatal);
        var rejected = await Assert.ThrowsAsync<ProduceException<byte[]?, byte[]>>(async () => await late);
        Assert.Contains(rejected.ErrorCode, new[] { BrookError.ProducerFenced, BrookError.InvalidProducerEpoch });
        Assert.Contains(fatal.ErrorCode, new[] { BrookError.ProducerFenced, BrookError.InvalidProducerEpoch });
        Assert.Throws<FatalException>(zombie.BeginTransaction);
        await Assert.ThrowsAsync<FatalException>(async () => await zombie.AbortTransactionAsync(Ct));

        var (read, zombieSeen) = TransactionConsumer.Consume(_cluster.BootstrapServers, topic, Partitions, IsolationLevel.ReadCommitted, "ok", ledger, 40, Timeout);
        Assert.Equal(40, read);
        Assert.Equal(0, zombieSeen);
        ledger.Verify().ThrowIfNotClean();
    }

    [Fact(Timeout = 60_000)]
    public async Task SendOffsetsToTransaction_OffsetsVisibleToTheGroupOnlyAfterCommit()
    {
        const string topic = "brook-txn-offsets";
        const string group = "brook-txn-offsets-group";
        _cluster.CreateTopic(topic, Partitions);
        var config = ConfluentPeers.ConsumerConfig(_cluster.BootstrapServers);
        config.GroupId = group;
        using var consumer = ConfluentPeers.BuildConsumer(config);
        await using var producer = Transactional("btx-o");
        await producer.InitTransactionsAsync(Ct);
        var input = new Confluent.Kafka.TopicPartition(topic, 0);

        producer.BeginTransaction();
        await ProduceAndFlushAsync(producer, topic, new RecordLedger(headerCount: 0), "o", 5);
        await producer.SendOffsetsToTransactionAsync([new TopicPartitionOffset(topic, 0, 42)], ConsumerGroupMetadata.ForGroup(group), Ct);
        Assert.Equal(Confluent.Kafka.Offset.Unset, consumer.Committed([input], Timeout)[0].Offset);
        await producer.AbortTransactionAsync(Ct);
        Assert.Equal(Confluent.Kafka.Offset.Unset, consumer.Committed([input], Timeout)[0].Offset);

        producer.BeginTransaction();
        await producer.SendOffsetsToTransactionAsync([new TopicPartitionOffset(topic, 0, 43)], ConsumerGroupMetadata.ForGroup(group), Ct);
        Assert.Equal(Confluent.Kafka.Offset.Unset, consumer.Committed([input], Timeout)[0].Offset);
        await producer.CommitTransactionAsync(Ct);

        Assert.Equal(43, consumer.Committed([input], Timeout)[0].Offset.Value);
    }

    [Fact(Timeout = 90_000)]
    public async Task Commit_ThroughCoordinatorFaults_RetriesAndCommitsOnce()
    {
        const string topic = "brook-txn-faults";
        const string id = "btx-f";
        _cluster.CreateTopic(topic, Partitions);
        var ledger = new RecordLedger(headerCount: 0);
        _cluster.Faults.Add(new RequestFault { ApiKey = (short)ApiKey.InitProducerId, Error = BrookError.CoordinatorLoadInProgress, Count = 2 });
        _cluster.Faults.Add(new RequestFault { ApiKey = (short)ApiKey.AddPartitionsToTxn, Error = BrookError.ConcurrentTransactions, Count = 1 });
        _cluster.Faults.Add(new RequestFault { ApiKey = (short)ApiKey.EndTxn, Error = BrookError.NotCoordinator, Count = 1 });
        _cluster.Faults.SetTransactionMarkerDelay(200);
        await using var producer = Transactional(id);
        await producer.InitTransactionsAsync(Ct);
        await RunTransactionAsync(producer, topic, ledger, "c", 30, commit: true);

        // The coordinator moves between transactions: the old one answers NOT_COORDINATOR, the producer finds it again.
        var before = _cluster.GetTransaction(id)!;
        var moved = (_cluster.State.Transactions.CoordinatorFor(id) + 1) % _cluster.Options.BrokerCount;
        _cluster.Faults.MoveTransactionCoordinator(id, moved);
        await RunTransactionAsync(producer, topic, ledger, "c", 30, commit: true);
        // Before the consume: its fetches go into the same bounded request history.
        Assert.Contains(_cluster.RequestHistory, r => r.ApiKey == (short)ApiKey.EndTxn && r.BrokerId == moved);

        var (read, others) = TransactionConsumer.Consume(_cluster.BootstrapServers, topic, Partitions, IsolationLevel.ReadCommitted, "c", ledger, 60, Timeout);
        Assert.Equal(60, read);
        Assert.Equal(0, others);
        ledger.Verify().ThrowIfNotClean();
        var after = _cluster.GetTransaction(id)!;
        Assert.Equal((before.ProducerId, before.ProducerEpoch), (after.ProducerId, after.ProducerEpoch));
        Assert.Equal(0, _cluster.State.Faults.Count);
    }

    [Theory(Timeout = 90_000)]
    [InlineData(false)]
    [InlineData(true)]
    public async Task OutOfOrderSequenceInATransaction_AbortBumpsTheEpoch_AndTheNextTransactionCommitsOnTheSamePartitions(bool initProducerIdV2)
    {
        const string topic = "brook-txn-kip360";
        const string id = "btx-kip360";
        if (initProducerIdV2)
        {
            // Before v3 InitProducerId has no producer id/epoch: the bump is a plain InitProducerId, which bumps too.
            await _cluster.DisposeAsync();
            _cluster = await EmbeddedCluster.StartAsync(
                new EmbeddedClusterOptions { DefaultPartitions = Partitions, MaxApiVersions = new Dictionary<ApiKey, short> { [ApiKey.InitProducerId] = 2 } },
                Ct);
        }

        _cluster.CreateTopic(topic, Partitions);
        await using var producer = Transactional(id);
        await producer.InitTransactionsAsync(Ct);
        var epochBefore = _cluster.GetTransaction(id)!.ProducerEpoch;

        // Transaction 1: partition 0's first Produce is answered OUT_OF_ORDER_SEQUENCE_NUMBER (nothing appended).
        _cluster.Faults.Add(new RequestFault { ApiKey = (short)ApiKey.Produce, Topic = topic, Partition = 0, Error = BrookError.OutOfOrderSequenceNumber, Count = 1 });
        producer.BeginTransaction();
        var aborted = new RecordLedger(headerCount: 0);
        var sends = new List<ValueTask<DeliveryResult<byte[]?, byte[]>>>();
        for (var i = 0; i < 30; i++)
        {
            sends.Add(producer.ProduceAsync(new TopicPartition(topic, i % Partitions), ToMessage(aborted.Next("a")), Ct));
        }

        await producer.FlushAsync(Ct);
        var outOfOrder = 0;
        foreach (var send in sends)
        {
            try
            {
                await send;
            }
            catch (ProduceException<byte[]?, byte[]> ex) when (ex.ErrorCode == BrookError.OutOfOrderSequenceNumber)
            {
                outOfOrder++;
            }
            catch (ProduceException<byte[]?, byte[]> ex) when (ex.InnerException is TransactionAbortableException)
            {
                // A record still queued when the failure made the transaction abortable.
            }
        }

        Assert.True(outOfOrder > 0, "the injected OUT_OF_ORDER_SEQUENCE_NUMBER did not fail any record");
        Assert.Throws<TransactionAbortableException>(() => producer.Produce(topic, new Message<byte[]?, byte[]> { Value = [1] }));
        await producer.AbortTransactionAsync(Ct);

        // KIP-360: the abort was followed by InitProducerId (v3+: with the current id/epoch), and the epoch moved on.
        var transaction = _cluster.GetTransaction(id)!;
        Assert.Equal(epochBefore + 1, transaction.ProducerEpoch);
        var inits = _cluster.RequestHistory.Where(r => r.ApiKey == (short)ApiKey.InitProducerId).ToList();
        Assert.Equal(2, inits.Count);
        var bump = Assert.IsType<Brook.Protocol.Messages.InitProducerIdRequest>(inits[1].Request);
        Assert.Equal(initProducerIdV2 ? (-1L, (short)-1) : (transaction.ProducerId, epochBefore), (bump.ProducerId, bump.ProducerEpoch));
        Assert.Equal(initProducerIdV2 ? 2 : 4, inits[1].ApiVersion);

        // Transaction 2 on the same partitions commits: partition 0 restarted at sequence 0 under the new epoch.
        var committed = new RecordLedger(headerCount: 0);
        await RunTransactionAsync(producer, topic, committed, "c", 30, commit: true);

        var (read, others) = TransactionConsumer.Consume(_cluster.BootstrapServers, topic, Partitions, IsolationLevel.ReadCommitted, "c", committed, 30, Timeout);
        Assert.Equal((30, 0), (read, others));
        committed.Verify().ThrowIfNotClean();
        Assert.Equal(ClusterTxnState.CompleteCommit, _cluster.GetTransaction(id)!.State);
    }

    private ProducerOptions Options(string transactionalId) => new()
    {
        BootstrapServers = _cluster.BootstrapServers,
        TransactionalId = transactionalId,
        TransactionTimeoutMs = 60_000,
        LingerMs = 2,
        DeliveryTimeoutMs = 30_000,
        RequestTimeoutMs = 10_000,
        MaxBlockMs = 30_000,
    };

    private KafkaProducer<byte[]?, byte[]> Transactional(string transactionalId) => new ProducerBuilder<byte[]?, byte[]>(Options(transactionalId)).Build();

    private static Message<byte[]?, byte[]> ToMessage(LedgerRecord record) => new() { Key = record.Key, Value = record.Value };

    private static async Task RunTransactionAsync(KafkaProducer<byte[]?, byte[]> producer, string topic, RecordLedger ledger, string stream, int count, bool commit)
    {
        producer.BeginTransaction();
        await ProduceAndFlushAsync(producer, topic, ledger, stream, count);
        if (commit)
        {
            await producer.CommitTransactionAsync(Ct);
        }
        else
        {
            await producer.AbortTransactionAsync(Ct);
        }
    }

    private static async Task ProduceAndFlushAsync(KafkaProducer<byte[]?, byte[]> producer, string topic, RecordLedger ledger, string stream, int count)
    {
        // Spread over every partition so each transaction touches several.
        var sends = new List<ValueTask<DeliveryResult<byte[]?, byte[]>>>(count);
        for (var i = 0; i < count; i++)
        {
            sends.Add(producer.ProduceAsync(new TopicPartition(topic, i % Partitions), ToMessage(ledger.Next(stream)), Ct));
        }

        await producer.FlushAsync(Ct);
        foreach (var send in sends)
        {
            var result = await send;
            Assert.Equal(PersistenceStatus.Persisted, result.Status);
        }
    }
}
