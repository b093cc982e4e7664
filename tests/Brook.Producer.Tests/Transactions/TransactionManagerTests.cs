using Brook.Producer.Accumulator;
using Brook.Producer.Idempotence;
using Brook.Producer.Internals;
using Brook.Producer.Sending;
using Brook.Producer.Transactions;
using Brook.Protocol;
using Brook.Protocol.Errors;
using Brook.Protocol.Messages;
using Brook.Protocol.Records;
using Microsoft.Extensions.Time.Testing;

namespace Brook.Producer.Tests.Transactions;

/// <summary>The transaction state machine and its coordinator requests, on virtual time against a scripted coordinator.</summary>
public sealed class TransactionManagerTests
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.FromUnixTimeMilliseconds(1_000_000));
    private readonly FakeCoordinator _coordinator = new();
    private readonly FakeTransactionHost _host = new();
    private (long Id, short Epoch) _producerId = (-1, -1);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string, string, bool> Transitions => new()
    {
        { "Uninitialized", "Initializing", true },
        { "Uninitialized", "Ready", false },
        { "Uninitialized", "InTransaction", false },
        { "Initializing", "Ready", true },
        { "Initializing", "Initializing", true },
        { "Ready", "InTransaction", true },
        { "Ready", "Committing", false },
        { "Ready", "AbortableError", false },
        { "InTransaction", "Committing", true },
        { "InTransaction", "Aborting", true },
        { "InTransaction", "AbortableError", true },
        { "InTransaction", "Ready", false },
        { "Committing", "Ready", true },
        { "Committing", "Aborting", false },
        { "Committing", "AbortableError", true },
        { "Aborting", "Ready", true },
        { "Aborting", "Committing", false },
        { "AbortableError", "Aborting", true },
        { "AbortableError", "Committing", false },
        { "AbortableError", "InTransaction", false },
        { "FatalError", "Ready", false },
        { "FatalError", "Aborting", false },
        { "Ready", "FatalError", true },
        { "Committing", "FatalError", true },
    };

    [Theory]
    [MemberData(nameof(Transitions))]
    public void IsValidTransition_FollowsTheTable(string from, string to, bool valid) =>
        Assert.Equal(valid, TransactionManager.IsValidTransition(Enum.Parse<TransactionState>(from), Enum.Parse<TransactionState>(to)));

    [Fact]
    public async Task InitTransactions_FindsTheCoordinatorThenInitProducerId_AndHandsOverTheProducerId()
    {
        var manager = Create();

        await manager.InitTransactionsAsync(Ct);

        Assert.Equal(TransactionState.Ready, manager.State);
        Assert.Equal((4000L, (short)3), _producerId);
        var find = Assert.Single(_coordinator.SentOf<FindCoordinatorRequest>());
        Assert.Equal(1, find.KeyType);
        Assert.Equal("tx", find.Key);
        Assert.Equal(["tx"], find.CoordinatorKeys);
        var init = Assert.Single(_coordinator.Sent, s => s.Request is InitProducerIdRequest);
        Assert.Equal(7, init.Node);
        Assert.Equal(45_000, ((InitProducerIdRequest)init.Request).TransactionTimeoutMs);
        Assert.Equal("tx", ((InitProducerIdRequest)init.Request).TransactionalId);
        Assert.Equal(7, Assert.Single(_coordinator.Added).NodeId);
    }

    [Fact]
    public async Task InitTransactions_RetriesLoadInProgress_AndRefindsTheCoordinatorOnNotCoordinator()
    {
        _coordinator.On(
            ApiKey.InitProducerId,
            _ => new InitProducerIdResponse { ErrorCode = (short)ErrorCode.CoordinatorLoadInProgress },
            _ => new InitProducerIdResponse { ErrorCode = (short)ErrorCode.NotCoordinator },
            _ => new InitProducerIdResponse { ProducerId = 9, ProducerEpoch = 1 });
        var manager = Create();

        await DriveAsync(manager.InitTransactionsAsync(Ct).AsTask());

        Assert.Equal(TransactionState.Ready, manager.State);
        Assert.Equal((9L, (short)1), _producerId);
        Assert.Equal(3, _coordinator.SentOf<InitProducerIdRequest>().Count);
        Assert.Equal(2, _coordinator.SentOf<FindCoordinatorRequest>().Count);
    }

    [Fact]
    public async Task InitTransactions_WhenCoordinatorNeverAvailable_TimesOutAfterMaxBlock_AndMayBeCalledAgain()
    {
        _coordinator.On(ApiKey.FindCoordinator, _ => new FindCoordinatorResponse { ErrorCode = (short)ErrorCode.CoordinatorNotAvailable, NodeId = -1 });
        var manager = Create();
        var started = _time.GetUtcNow();

        var error = await Assert.ThrowsAsync<KafkaTimeoutException>(() => DriveAsync(manager.InitTransactionsAsync(Ct).AsTask()));

        Assert.Contains("max.block.ms=5000", error.Message, StringComparison.Ordinal);
        Assert.InRange((_time.GetUtcNow() - started).TotalMilliseconds, 4_000, 5_100);
        Assert.Equal(TransactionState.Initializing, manager.State);
        _coordinator.On(ApiKey.FindCoordinator, _ => new FindCoordinatorResponse { NodeId = 7, Host = "127.0.0.1", Port = 9007 });
        await manager.InitTransactionsAsync(Ct);
        Assert.Equal(TransactionState.Ready, manager.State);
    }

    [Fact]
    public async Task InitTransactions_AuthorizationFailure_IsFatal_AndPoisonsEveryLaterCall()
    {
        _coordinator.On(ApiKey.InitProducerId, _ => new InitProducerIdResponse { ErrorCode = (short)ErrorCode.TransactionalIdAuthorizationFailed });
        var manager = Create();

        var error = await Assert.ThrowsAsync<FatalException>(async () => await manager.InitTransactionsAsync(Ct));

        Assert.Equal(ErrorCode.TransactionalIdAuthorizationFailed, error.ErrorCode);
        Assert.Equal(TransactionState.FatalError, manager.State);
        Assert.Throws<FatalException>(manager.BeginTransaction);
        Assert.Throws<FatalException>(manager.EnsureSendAllowed);
        await Assert.ThrowsAsync<FatalException>(async () => await manager.AbortTransactionAsync(Ct));
    }

    [Fact]
    public async Task Send_OutsideATransaction_ThrowsAnErrorNamingTheFix()
    {
        var manager = Create();
        Assert.Contains("InitTransactionsAsync", Assert.Throws<InvalidOperationException>(manager.EnsureSendAllowed).Message, StringComparison.Ordinal);
        Assert.Contains("InitTransactionsAsync", Assert.Throws<InvalidOperationException>(manager.BeginTransaction).Message, StringComparison.Ordinal);
        await manager.InitTransactionsAsync(Ct);
        Assert.Contains("BeginTransaction", Assert.Throws<InvalidOperationException>(manager.EnsureSendAllowed).Message, StringComparison.Ordinal);
        manager.BeginTransaction();
        manager.EnsureSendAllowed();
        Assert.Contains("already open", Assert.Throws<InvalidOperationException>(manager.BeginTransaction).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddPartitions_NewPartitionsWhileARequestIsInFlight_GoTogetherInTheNextRequest()
    {
        var manager = await InTransactionAsync();
        var held = _coordinator.Hold(ApiKey.AddPartitionsToTxn);
        var a = new TopicPartition("t", 0);

        Assert.False(manager.IsPartitionAdded(a));
        await WaitUntilAsync(() => _coordinator.SentOf<AddPartitionsToTxnRequest>().Count == 1);
        manager.MaybeAddPartition(new TopicPartition("t", 1));
        manager.MaybeAddPartition(new TopicPartition("u", 0));
        manager.MaybeAddPartition(a);
        Assert.False(manager.IsPartitionAdded(a));
        held.SetResult(FakeCoordinator.AddPartitionsAnswer(_coordinator.SentOf<AddPartitionsToTxnRequest>()[0], 0));
        // Both: the loop counts the partitions before it wakes the sender the second time.
        await WaitUntilAsync(() => manager.PartitionsInTransaction == 3 && Volatile.Read(ref _host.Wakeups) >= 2);

        var requests = _coordinator.SentOf<AddPartitionsToTxnRequest>();
        Assert.Equal(2, requests.Count);
        Assert.Equal(["t"], requests[0].Topics.Select(t => t.Name));
        Assert.Equal(2, requests[1].Topics.Sum(t => t.Partitions.Count));
        Assert.All(requests, r => Assert.Equal((4000L, (short)3, "tx"), (r.ProducerId, r.ProducerEpoch, r.TransactionalId)));
        Assert.True(manager.IsPartitionAdded(a));
    }

    [Fact]
    public async Task AddPartitions_ConcurrentTransactions_IsRetriedWithBackoff()
    {
        var manager = await InTransactionAsync();
        _coordinator.On(
            ApiKey.AddPartitionsToTxn,
            r => FakeCoordinator.AddPartitionsAnswer((AddPartitionsToTxnRequest)r, (short)ErrorCode.ConcurrentTransactions),
            r => FakeCoordinator.AddPartitionsAnswer((AddPartitionsToTxnRequest)r, 0));

        manager.MaybeAddPartition(new TopicPartition("t", 0));
        await DriveUntilAsync(() => manager.PartitionsInTransaction == 1);

        Assert.Equal(2, _coordinator.SentOf<AddPartitionsToTxnRequest>().Count);
        Assert.Equal(TransactionState.InTransaction, manager.State);
    }

    [Fact]
    public async Task AddPartitions_ProducerFenced_IsFatal_AndFailsUnsentBatches()
    {
        var manager = await InTransactionAsync();
        _coordinator.On(ApiKey.AddPartitionsToTxn, r => FakeCoordinator.AddPartitionsAnswer((AddPartitionsToTxnRequest)r, (short)ErrorCode.ProducerFenced));

        manager.MaybeAddPartition(new TopicPartition("t", 0));
        // The state moves under the manager's lock, the unsent batches are failed right after it: wait for both.
        await WaitUntilAsync(() => manager.State == TransactionState.FatalError && _host.Aborted.Count > 0);

        var aborted = Assert.Single(_host.Aborted);
        Assert.IsType<FatalException>(aborted);
        Assert.Equal(ErrorCode.ProducerFenced, aborted.ErrorCode);
        Assert.Throws<FatalException>(manager.EnsureSendAllowed);
        await Assert.ThrowsAsync<FatalException>(async () => await manager.CommitTransactionAsync(Ct));
    }

    [Fact]
    public async Task AddPartitions_TopicAuthorizationFailed_IsAbortable_OnlyAbortRecovers()
    {
        var manager = await InTransactionAsync();
        _coordinator.On(ApiKey.AddPartitionsToTxn, r => FakeCoordinator.AddPartitionsAnswer((AddPartitionsToTxnRequest)r, (short)ErrorCode.TopicAuthorizationFailed));

        manager.MaybeAddPartition(new TopicPartition("t", 0));
        await WaitUntilAsync(() => manager.State == TransactionState.AbortableError && _host.Aborted.Count > 0);

        Assert.IsType<TransactionAbortableException>(Assert.Single(_host.Aborted));
        Assert.Throws<TransactionAbortableException>(manager.EnsureSendAllowed);
        await Assert.ThrowsAsync<TransactionAbortableException>(async () => await manager.CommitTransactionAsync(Ct));
        await manager.AbortTransactionAsync(Ct);

        Assert.Equal(TransactionState.Ready, manager.State);
        Assert.Empty(_coordinator.SentOf<EndTxnRequest>()); // no partition was added: the coordinator never heard of it
        manager.BeginTransaction();
        manager.EnsureSendAllowed();
    }

    [Fact]
    public async Task Commit_FlushesThenSendsEndTxnCommit_AndReturnsToReady()
    {
        var manager = await InTransactionAsync();
        manager.MaybeAddPartition(new TopicPartition("t", 0));
        await WaitUntilAsync(() => manager.PartitionsInTransaction == 1);

        await manager.CommitTransactionAsync(Ct);

        Assert.Equal(1, _host.Flushes);
        var end = Assert.Single(_coordinator.SentOf<EndTxnRequest>());
        Assert.True(end.Committed);
        Assert.Equal((4000L, (short)3), (end.ProducerId, end.ProducerEpoch));
        Assert.Equal(TransactionState.Ready, manager.State);
        Assert.Equal(0, manager.PartitionsInTransaction);
    }

    [Fact]
    public async Task Commit_ReleasesTheTransactionsBatches_SoTheyAreRecycledOnlyThen()
    {
        var manager = await InTransactionAsync();
        var pool = new ProducerBatchPool(System.Buffers.ArrayPool<byte>.Create(), 4);
        var batch = pool.Rent(new TopicPartition("t", 0), 1024, 0, 0);
        manager.OnBatchCreated(batch);
        Assert.True(batch.Succeed(0, -1, PersistenceStatus.Persisted));
        batch.Release(batch.Generation); // the accumulator lets go (Deallocate): the manager still reads its outcome
        Assert.Equal((1, 0L), (batch.Holds, pool.Recycled));
        await WaitUntilAsync(() => manager.PartitionsInTransaction == 1);

        await manager.CommitTransactionAsync(Ct);

        Assert.Equal(1L, pool.Recycled);
        Assert.Equal(0, batch.Holds);
    }

    [Fact]
    public async Task Commit_OfAnEmptyTransaction_SendsNoEndTxn()
    {
        var manager = await InTransactionAsync();

        await manager.CommitTransactionAsync(Ct);

        Assert.Empty(_coordinator.SentOf<EndTxnRequest>());
        Assert.Equal(TransactionState.Ready, manager.State);
    }

    [Fact]
    public async Task Commit_EndTxnConcurrentTransactionsThenNotCoordinator_RetriesUntilCommitted()
    {
        var manager = await InTransactionAsync();
        manager.MaybeAddPartition(new TopicPartition("t", 0));
        await WaitUntilAsync(() => manager.PartitionsInTransaction == 1);
        _coordinator.On(
            ApiKey.EndTxn,
            _ => new EndTxnResponse { ErrorCode = (short)ErrorCode.ConcurrentTransactions },
            _ => new EndTxnResponse { ErrorCode = (short)ErrorCode.NotCoordinator },
            _ => new EndTxnResponse());

        await DriveAsync(manager.CommitTransactionAsync(Ct).AsTask());

        Assert.Equal(3, _coordinator.SentOf<EndTxnRequest>().Count);
        Assert.Equal(2, _coordinator.SentOf<FindCoordinatorRequest>().Count);
        Assert.Equal(TransactionState.Ready, manager.State);
    }

    [Fact]
    public async Task Commit_WhenARecordFailed_IsAbortable_AndWhenFenced_IsFatal()
    {
        var manager = await InTransactionAsync();
        manager.OnBatchCreated(FailedBatch(ErrorCode.NotEnoughReplicas));
        await WaitUntilAsync(() => manager.PartitionsInTransaction == 1);

        var abortable = await Assert.ThrowsAsync<TransactionAbortableException>(async () => await manager.CommitTransactionAsync(Ct));
        Assert.Equal(ErrorCode.NotEnoughReplicas, abortable.ErrorCode);
        Assert.Equal(TransactionState.AbortableError, manager.State);
        await manager.AbortTransactionAsync(Ct);
        Assert.False(Assert.Single(_coordinator.SentOf<EndTxnRequest>()).Committed);

        manager.BeginTransaction();
        manager.OnBatchCreated(FailedBatch(ErrorCode.ProducerFenced));
        var fatal = await Assert.ThrowsAsync<FatalException>(async () => await manager.CommitTransactionAsync(Ct));
        Assert.Equal(ErrorCode.ProducerFenced, fatal.ErrorCode);
        Assert.Equal(TransactionState.FatalError, manager.State);
    }

    [Fact]
    public async Task Abort_DropsUnsentBatchesWithAClearError_WaitsForInFlight_ThenEndTxnAbort()
    {
        var manager = await InTransactionAsync();
        manager.MaybeAddPartition(new TopicPartition("t", 0));
        await WaitUntilAsync(() => manager.PartitionsInTransaction == 1);

        await manager.AbortTransactionAsync(Ct);

        Assert.Equal(1, _host.PendingWaits);
        var dropped = Assert.IsType<TransactionAbortableException>(Assert.Single(_host.Aborted));
        Assert.Contains("aborted before this record was sent", dropped.Message, StringComparison.Ordinal);
        Assert.Equal(1, _host.Flushes);
        Assert.False(Assert.Single(_coordinator.SentOf<EndTxnRequest>()).Committed);
        Assert.Equal(TransactionState.Ready, manager.State);
    }

    [Fact]
    public async Task Abort_AfterABatchFailedWithASequence_BumpsTheEpochWithTheCurrentPair_AndTheNextTransactionStartsAtSequenceZero()
    {
        _coordinator.On(
            ApiKey.InitProducerId,
            _ => new InitProducerIdResponse { ProducerId = 4000, ProducerEpoch = 3 },
            _ => new InitProducerIdResponse { ProducerId = 4000, ProducerEpoch = 4 });
        var manager = Create();
        var sequencer = new IdempotentSequencer(transactional: true);
        var ids = new ProducerIdManager(sequencer, new TransactionalProducerIdSource(manager));
        var gate = new TransactionalDrainGate(sequencer, manager);
        await manager.InitTransactionsAsync(Ct);
        ids.RunOnce(0);
        manager.BeginTransaction();
        var tp = new TopicPartition("t", 0);
        var first = BatchWithRecords(tp, 3);
        var second = BatchWithRecords(tp, 2);
        manager.OnBatchCreated(first);
        manager.OnBatchCreated(second);
        await WaitUntilAsync(() => gate.CanDrain(first));
        gate.Stamp(first);
        gate.Stamp(second);
        Assert.Equal((0, 3, 5), (first.BaseSequence, second.BaseSequence, sequencer.NextSequence(tp)));

        // The broker lost sequence 0-2 (OUT_OF_ORDER): not retried in a transaction, the batch fails with its sequence.
        var outOfOrder = new KafkaException(ErrorCode.OutOfOrderSequenceNumber);
        Assert.False(ids.CanRetry(first, outOfOrder));
        first.Fail(outOfOrder, PersistenceStatus.NotPersisted);
        ids.OnFailed(first, outOfOrder, BatchFailureKind.Rejected);
        second.Fail(outOfOrder, PersistenceStatus.NotPersisted);
        ids.OnFailed(second, outOfOrder, BatchFailureKind.Rejected);
        await Assert.ThrowsAsync<TransactionAbortableException>(async () => await manager.CommitTransactionAsync(Ct));

        await manager.AbortTransactionAsync(Ct);

        var requests = _coordinator.Sent.Select(s => s.Request).Where(r => r is EndTxnRequest or InitProducerIdRequest).ToList();
        Assert.Equal(3, requests.Count);
        Assert.False(Assert.IsType<EndTxnRequest>(requests[1]).Committed);
        var bump = Assert.IsType<InitProducerIdRequest>(requests[2]);
        Assert.Equal(("tx", 4000L, (short)3, 45_000), (bump.TransactionalId, bump.ProducerId, bump.ProducerEpoch, bump.TransactionTimeoutMs));
        Assert.Equal((4000L, (short)4), _producerId);
        Assert.Equal(TransactionState.Ready, manager.State);
        Assert.Equal(1, manager.EpochBumps);
        Assert.False(manager.IsEpochBumpRequired);

        // The next pass installs the new epoch; the next transaction's batch restarts the partition at 0.
        ids.RunOnce(0);
        Assert.Equal((4000L, (short)4), (sequencer.ProducerId, sequencer.ProducerEpoch));
        Assert.Equal(1, ids.EpochBumps);
        manager.BeginTransaction();
        var next = BatchWithRecords(tp, 1);
        manager.OnBatchCreated(next);
        await WaitUntilAsync(() => gate.CanDrain(next));
        gate.Stamp(next);
        Assert.Equal((4000L, (short)4, 0), (next.ProducerId, next.ProducerEpoch, next.BaseSequence));
    }

    [Fact]
    public async Task Abort_WithoutAFailedSequencedBatch_KeepsTheEpoch()
    {
        var manager = Create();
        var sequencer = new IdempotentSequencer(transactional: true);
        var ids = new ProducerIdManager(sequencer, new TransactionalProducerIdSource(manager));
        var gate = new TransactionalDrainGate(sequencer, manager);
        await manager.InitTransactionsAsync(Ct);
        ids.RunOnce(0);
        manager.BeginTransaction();
        var tp = new TopicPartition("t", 0);
        var sent = BatchWithRecords(tp, 2);
        manager.OnBatchCreated(sent);
        manager.OnBatchCreated(FailedBatch(ErrorCode.OperationNotAttempted)); // dropped unsent: no sequence, no gap
        await WaitUntilAsync(() => gate.CanDrain(sent));
        gate.Stamp(sent);
        sent.Succeed(0, -1, PersistenceStatus.Persisted);
        ids.OnSucceeded(sent, 0);

        await manager.AbortTransactionAsync(Ct);
        ids.RunOnce(0);

        Assert.Single(_coordinator.SentOf<InitProducerIdRequest>());
        Assert.Single(_coordinator.SentOf<EndTxnRequest>());
        Assert.Equal(TransactionState.Ready, manager.State);
        Assert.Equal(0, manager.EpochBumps);
        Assert.Equal((4000L, (short)3), (sequencer.ProducerId, sequencer.ProducerEpoch));
        manager.BeginTransaction();
        var next = BatchWithRecords(tp, 1);
        gate.Stamp(next);
        Assert.Equal(((short)3, 2), (next.ProducerEpoch, next.BaseSequence));
    }

    [Fact]
    public async Task Abort_WhenTheBumpTimesOut_StaysAborting_AndTheRetriedAbortOnlyBumps()
    {
        _coordinator.On(
            ApiKey.InitProducerId,
            _ => new InitProducerIdResponse { ProducerId = 4000, ProducerEpoch = 3 },
            _ => new InitProducerIdResponse { ErrorCode = (short)ErrorCode.CoordinatorLoadInProgress });
        var manager = await InTransactionAsync();
        manager.OnBatchCreated(SequencedFailedBatch(ErrorCode.OutOfOrderSequenceNumber));
        await WaitUntilAsync(() => manager.PartitionsInTransaction == 1);

        await Assert.ThrowsAsync<KafkaTimeoutException>(() => DriveAsync(manager.AbortTransactionAsync(Ct).AsTask()));

        Assert.Equal(TransactionState.Aborting, manager.State);
        Assert.True(manager.IsEpochBumpRequired);
        Assert.Throws<InvalidOperationException>(manager.BeginTransaction);
        _coordinator.On(ApiKey.InitProducerId, _ => new InitProducerIdResponse { ProducerId = 4000, ProducerEpoch = 4 });
        await manager.AbortTransactionAsync(Ct);
        Assert.Single(_coordinator.SentOf<EndTxnRequest>());
        Assert.Equal((4000L, (short)4), _producerId);
        Assert.Equal(TransactionState.Ready, manager.State);
    }

    [Fact]
    public async Task OnBatchFailed_MakesTheTransactionAbortableAtOnce_AndFailsQueuedBatches()
    {
        var manager = await InTransactionAsync();
        var error = new KafkaException(ErrorCode.OutOfOrderSequenceNumber);

        manager.OnBatchFailed(SequencedFailedBatch(ErrorCode.OutOfOrderSequenceNumber), error);

        Assert.Equal(TransactionState.AbortableError, manager.State);
        var dropped = Assert.IsType<TransactionAbortableException>(Assert.Single(_host.Aborted));
        Assert.Equal(ErrorCode.OutOfOrderSequenceNumber, dropped.ErrorCode);
        Assert.Throws<TransactionAbortableException>(manager.EnsureSendAllowed);
        manager.OnBatchFailed(SequencedFailedBatch(ErrorCode.ProducerFenced), new KafkaException(ErrorCode.ProducerFenced));
        Assert.Equal(TransactionState.AbortableError, manager.State); // fatal outcomes are the commit's (and the sender's) to judge
    }

    [Theory]
    [InlineData(ErrorCode.ProducerFenced)]
    [InlineData(ErrorCode.InvalidProducerEpoch)]
    public async Task Abort_BumpAnsweredFenced_IsFatal(ErrorCode answer)
    {
        _coordinator.On(
            ApiKey.InitProducerId,
            _ => new InitProducerIdResponse { ProducerId = 4000, ProducerEpoch = 3 },
            _ => new InitProducerIdResponse { ErrorCode = (short)answer, ProducerId = -1, ProducerEpoch = -1 });
        var manager = await InTransactionAsync();
        var failed = BatchWithRecords(new TopicPartition("t", 0), 1);
        failed.SetProducerState(4000, 3, 0, isTransactional: true);
        failed.Fail(new KafkaException(ErrorCode.RequestTimedOut), PersistenceStatus.PossiblyPersisted);
        manager.OnBatchCreated(failed);
        await WaitUntilAsync(() => manager.PartitionsInTransaction == 1);

        var fatal = await Assert.ThrowsAsync<FatalException>(async () => await manager.AbortTransactionAsync(Ct));

        Assert.Equal(answer, fatal.ErrorCode);
        Assert.Contains("fenced", fatal.Message, StringComparison.Ordinal);
        Assert.Equal(TransactionState.FatalError, manager.State);
        Assert.Equal(2, _coordinator.SentOf<InitProducerIdRequest>().Count);
        Assert.Throws<FatalException>(manager.BeginTransaction);
        Assert.Equal(new ProducerIdAndEpoch(4000, 3), manager.CurrentProducerId);
    }

    [Fact]
    public async Task SendOffsets_AddsOffsetsThenCommitsToTheGroupCoordinator_WithTheMembersGeneration()
    {
        var manager = await InTransactionAsync();
        _coordinator.On(ApiKey.FindCoordinator, r => ((FindCoordinatorRequest)r).KeyType == 0
            ? new FindCoordinatorResponse { NodeId = 2, Host = "127.0.0.1", Port = 9002 }
            : new FindCoordinatorResponse { NodeId = 7, Host = "127.0.0.1", Port = 9007 });

        await manager.SendOffsetsToTransactionAsync([new TopicPartitionOffset("in", 1, 42), new TopicPartitionOffset("in", 2, 7)], new ConsumerGroupMetadata("g", 5, "member-1", "static-1"), Ct);

        var add = Assert.Single(_coordinator.Sent, s => s.Request is AddOffsetsToTxnRequest);
        Assert.Equal(7, add.Node);
        Assert.Equal("g", ((AddOffsetsToTxnRequest)add.Request).GroupId);
        var groupFind = Assert.Single(_coordinator.SentOf<FindCoordinatorRequest>(), f => f.KeyType == 0);
        Assert.Equal("g", groupFind.Key);
        var commit = Assert.Single(_coordinator.Sent, s => s.Request is TxnOffsetCommitRequest);
        Assert.Equal(2, commit.Node);
        var request = (TxnOffsetCommitRequest)commit.Request;
        Assert.Equal((5, "member-1", "static-1", "tx", 4000L), (request.GenerationId, request.MemberId, request.GroupInstanceId, request.TransactionalId, request.ProducerId));
        Assert.Equal([(1, 42L), (2, 7L)], request.Topics.Single().Partitions.Select(p => (p.PartitionIndex, p.CommittedOffset)));

        await manager.CommitTransactionAsync(Ct);
        Assert.True(Assert.Single(_coordinator.SentOf<EndTxnRequest>()).Committed); // offsets alone start the transaction
    }

    [Fact]
    public async Task SendOffsets_IllegalGeneration_MakesTheTransactionAbortable()
    {
        var manager = await InTransactionAsync();
        _coordinator.On(ApiKey.TxnOffsetCommit, r => FakeCoordinator.TxnOffsetCommitAnswer((TxnOffsetCommitRequest)r, (short)ErrorCode.IllegalGeneration));

        var error = await Assert.ThrowsAsync<TransactionAbortableException>(async () =>
            await manager.SendOffsetsToTransactionAsync([new TopicPartitionOffset("in", 0, 1)], new ConsumerGroupMetadata("g", 5, "m", null), Ct));

        Assert.Contains("rebalance", error.Message, StringComparison.Ordinal);
        Assert.Equal(TransactionState.AbortableError, manager.State);
    }

    private TransactionManager Create()
    {
        var options = new ProducerOptions
        {
            BootstrapServers = "127.0.0.1:9092",
            TransactionalId = "tx",
            TransactionTimeoutMs = 45_000,
            MaxBlockMs = 5_000,
            RetryBackoffMs = 100,
            RetryBackoffMaxMs = 1_000,
            TimeProvider = _time,
        }.Validate();
        return new TransactionManager(options, _coordinator, _host, new RandomSource(42), (id, epoch) => _producerId = (id, epoch));
    }

    private async Task<TransactionManager> InTransactionAsync()
    {
        var manager = Create();
        await manager.InitTransactionsAsync(Ct);
        manager.BeginTransaction();
        return manager;
    }

    private static ProducerBatch BatchWithRecords(TopicPartition tp, int records)
    {
        var builder = new RecordBatchBuilder(1024);
        for (var i = 0; i < records; i++)
        {
            Assert.True(builder.TryAppend(1_000_000 + i, null, [(byte)i]));
        }

        return new ProducerBatch(tp, builder, 0, 0);
    }

    private static ProducerBatch SequencedFailedBatch(ErrorCode code)
    {
        var batch = BatchWithRecords(new TopicPartition("t", 0), 1);
        batch.SetProducerState(4000, 3, 0, isTransactional: true);
        batch.Fail(new KafkaException(code), PersistenceStatus.NotPersisted);
        return batch;
    }

    private static ProducerBatch FailedBatch(ErrorCode code)
    {
        var batch = new ProducerBatch(new TopicPartition("t", 0), new RecordBatchBuilder(1024), 0, 0);
        batch.Fail(new KafkaException(code), PersistenceStatus.NotPersisted);
        return batch;
    }

    // Advances virtual time in small steps until the operation finished; the real yield only lets continuations run.
    private async Task DriveAsync(Task operation)
    {
        for (var i = 0; i < 20_000 && !operation.IsCompleted; i++)
        {
            _time.Advance(TimeSpan.FromMilliseconds(20));
            await Task.Delay(1, Ct);
        }

        Assert.True(operation.IsCompleted, "the operation did not finish within 400 s of virtual time");
        await operation;
    }

    private async Task DriveUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 20_000 && !condition(); i++)
        {
            _time.Advance(TimeSpan.FromMilliseconds(20));
            await Task.Delay(1, Ct);
        }

        Assert.True(condition());
    }

    // Background work that needs no virtual time (the add loop on the thread pool): bounded wait for its effect.
    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 5_000 && !condition(); i++)
        {
            await Task.Delay(1, Ct);
        }

        Assert.True(condition());
    }
}
