using System.Buffers;
using Brook.Cluster.Model;
using Brook.Cluster.Transactions;
using Brook.Protocol.Errors;

namespace Brook.Cluster.Tests.Transactions;

/// <summary>The coordinator state machine on a fake clock (broker-semantics.md §3, §5), driven without the network.</summary>
public sealed class TransactionCoordinatorTests : IDisposable
{
    private const string Id = "txn-a";
    private const short Transactional = 0x10;
    private readonly ClusterFixture _f = new(partitions: 2);

    private TransactionCoordinator Coordinator => _f.Cluster.Transactions;

    private int Broker => Coordinator.CoordinatorFor(Id);

    public void Dispose() => _f.Dispose();

    [Fact]
    public void InitProducerId_UnknownThenKnownId_KeepsProducerIdAndBumpsEpoch()
    {
        var (pid, epoch) = Init();
        Assert.Equal(0, epoch);

        var (again, bumped) = Init();

        Assert.Equal(pid, again);
        Assert.Equal(1, bumped);
        Assert.Equal(TransactionState.Empty, Coordinator.Snapshot(Id)!.State);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    [InlineData(900_001)]
    public void InitProducerId_TimeoutOutOfRange_IsInvalidTransactionTimeout(int timeoutMs)
    {
        Assert.Equal(ErrorCode.InvalidTransactionTimeout, Coordinator.InitProducerId(Id, timeoutMs, -1, -1, Broker, out _, out _));
    }

    [Fact]
    public void InitProducerId_OnAnotherBroker_IsNotCoordinator()
    {
        var other = (Broker + 1) % 3;
        Assert.Equal(ErrorCode.NotCoordinator, Coordinator.InitProducerId(Id, 60_000, -1, -1, other, out _, out _));
    }

    [Fact]
    public void MoveCoordinator_OldBrokerAnswersNotCoordinator_NewOneServes()
    {
        var old = Broker;
        var target = (old + 1) % 3;
        Coordinator.MoveCoordinator(Id, target);

        Assert.Equal(ErrorCode.NotCoordinator, Coordinator.InitProducerId(Id, 60_000, -1, -1, old, out _, out _));
        Assert.Equal(ErrorCode.None, Coordinator.InitProducerId(Id, 60_000, -1, -1, target, out _, out _));
    }

    [Fact]
    public void InitProducerId_WhileOngoing_AbortsWithBumpedEpochAndFencesTheOldProducer()
    {
        var (pid, epoch) = Init();
        AddPartition(pid, epoch, 0);
        Assert.Equal(ErrorCode.None, Produce(pid, epoch, 0).Error);

        Assert.Equal(ErrorCode.ConcurrentTransactions, Coordinator.InitProducerId(Id, 60_000, -1, -1, Broker, out _, out _));

        var snapshot = Coordinator.Snapshot(Id)!;
        Assert.Equal(TransactionState.CompleteAbort, snapshot.State);
        Assert.Equal(epoch + 1, snapshot.ProducerEpoch);
        var partition = _f.Cluster.Snapshot("t", 0);
        Assert.Equal(2, partition.LogEndOffset);
        Assert.Equal([(pid, 0L, 1L)], partition.AbortedTransactions);
        Assert.Equal(partition.HighWatermark, partition.LastStableOffset);
        Assert.Equal(ErrorCode.InvalidProducerEpoch, Produce(pid, epoch, 1, verify: false).Error);

        var (samePid, retried) = Init();
        Assert.Equal(pid, samePid);
        Assert.Equal(epoch + 2, retried);
    }

    [Fact]
    public void InitProducerId_EpochExhausted_AllocatesNewProducerId()
    {
        var (pid, _) = Init();
        short epoch = 0;
        while (epoch < TransactionCoordinator.MaxEpoch)
        {
            (_, epoch) = Init();
        }

        var (next, nextEpoch) = Init();

        Assert.NotEqual(pid, next);
        Assert.Equal(0, nextEpoch);
    }

    [Fact]
    public void InitProducerId_WithProducerIdAndEpoch_ResumesOrFences()
    {
        var (pid, epoch) = Init();

        Assert.Equal(ErrorCode.ProducerFenced, Coordinator.InitProducerId(Id, 60_000, pid + 1, epoch, Broker, out _, out _));
        Assert.Equal(ErrorCode.None, Coordinator.InitProducerId(Id, 60_000, pid, epoch, Broker, out var p1, out var e1));
        Assert.Equal((pid, (short)(epoch + 1)), (p1, e1));

        // A retry presenting the pair from before the bump gets the current pair, not another bump.
        Assert.Equal(ErrorCode.None, Coordinator.InitProducerId(Id, 60_000, pid, epoch, Broker, out var p2, out var e2));
        Assert.Equal((p1, e1), (p2, e2));
    }

    [Fact]
    public void AddPartitions_ProducerChecks_MapErrors()
    {
        var (pid, epoch) = Init();
        var errors = new List<ErrorCode>();

        Coordinator.AddPartitions(Id, pid + 1, epoch, [new("t", 0)], Broker, errors);
        Assert.Equal([ErrorCode.InvalidProducerIdMapping], errors);

        errors.Clear();
        Coordinator.AddPartitions(Id, pid, (short)(epoch + 1), [new("t", 0)], Broker, errors);
        Assert.Equal([ErrorCode.ProducerFenced], errors);

        errors.Clear();
        Coordinator.AddPartitions(Id, pid, epoch, [new("t", 0), new("missing", 0)], Broker, errors);
        Assert.Equal([ErrorCode.OperationNotAttempted, ErrorCode.UnknownTopicOrPartition], errors);
        Assert.Equal(TransactionState.Empty, Coordinator.Snapshot(Id)!.State);
    }

    [Fact]
    public void Produce_TransactionalBatchForPartitionNotAdded_IsInvalidTxnState()
    {
        var (pid, epoch) = Init();
        AddPartition(pid, epoch, 0);

        Assert.Equal(ErrorCode.InvalidTxnState, Coordinator.VerifyProduce(Id, pid, epoch, "t", 1));
        Assert.Equal(ErrorCode.InvalidProducerEpoch, Coordinator.VerifyProduce(Id, pid, (short)(epoch + 1), "t", 0));
        Assert.Equal(ErrorCode.None, Coordinator.VerifyProduce(Id, pid, epoch, "t", 0));
    }

    [Fact]
    public void EndTxn_Commit_WritesMarkersAndReleasesTheLso()
    {
        var (pid, epoch) = Init();
        Assert.Equal(ErrorCode.None, ClusterFixture.Completed(_f.Produce(TestBatches.Create(2))).Error);
        AddPartition(pid, epoch, 0);
        Assert.Equal(2, Produce(pid, epoch, 0, records: 3).BaseOffset);
        Assert.Equal(ErrorCode.None, ClusterFixture.Completed(_f.Produce(TestBatches.Create(1))).Error);

        var open = _f.Cluster.Snapshot("t", 0);
        Assert.Equal(2, open.LastStableOffset);
        Assert.Equal(6, open.HighWatermark);
        Assert.Equal(2, open.OpenTransactions[pid]);

        Assert.Equal(ErrorCode.None, Coordinator.EndTransaction(Id, pid, epoch, commit: true, Broker));

        var done = _f.Cluster.Snapshot("t", 0);
        Assert.Equal(7, done.LogEndOffset);
        Assert.Equal(7, done.LastStableOffset);
        Assert.Empty(done.OpenTransactions);
        Assert.Empty(done.AbortedTransactions);
        Assert.Equal(TransactionState.CompleteCommit, Coordinator.Snapshot(Id)!.State);
        Assert.Equal(ErrorCode.None, Coordinator.EndTransaction(Id, pid, epoch, commit: true, Broker));
        Assert.Equal(ErrorCode.InvalidTxnState, Coordinator.EndTransaction(Id, pid, epoch, commit: false, Broker));
    }

    [Fact]
    public void EndTxn_WithoutOngoingTransaction_IsInvalidTxnState()
    {
        var (pid, epoch) = Init();
        Assert.Equal(ErrorCode.InvalidTxnState, Coordinator.EndTransaction(Id, pid, epoch, commit: true, Broker));
        Assert.Equal(ErrorCode.ProducerFenced, Coordinator.EndTransaction(Id, pid, (short)(epoch - 1), commit: true, Broker));
        Assert.Equal(ErrorCode.InvalidProducerIdMapping, Coordinator.EndTransaction("nobody", pid, epoch, commit: true, Coordinator.CoordinatorFor("nobody")));
    }

    [Fact]
    public void EndTxn_WhileMarkersPending_AnswersConcurrentTransactionsUntilTheyAreWritten()
    {
        var (pid, epoch) = Init();
        AddPartition(pid, epoch, 0);
        Produce(pid, epoch, 0);
        Coordinator.MarkerDelayMs = 100;

        Assert.Equal(ErrorCode.None, Coordinator.EndTransaction(Id, pid, epoch, commit: false, Broker));
        Assert.Equal(TransactionState.PrepareAbort, Coordinator.Snapshot(Id)!.State);
        Assert.Equal(ErrorCode.ConcurrentTransactions, Coordinator.EndTransaction(Id, pid, epoch, commit: false, Broker));
        Assert.Equal(ErrorCode.InvalidTxnState, Coordinator.EndTransaction(Id, pid, epoch, commit: true, Broker));
        Assert.Equal(ErrorCode.ConcurrentTransactions, Coordinator.InitProducerId(Id, 60_000, -1, -1, Broker, out _, out _));
        Assert.Equal(1, _f.Cluster.Snapshot("t", 0).LogEndOffset);

        _f.Advance(100);

        Assert.Equal(TransactionState.CompleteAbort, Coordinator.Snapshot(Id)!.State);
        Assert.Equal(2, _f.Cluster.Snapshot("t", 0).LogEndOffset);
        Assert.Equal(ErrorCode.None, Coordinator.EndTransaction(Id, pid, epoch, commit: false, Broker));
    }

    [Fact]
    public void Tick_PastTheTimeout_AbortsAndFencesTheProducer()
    {
        var (pid, epoch) = Init(timeoutMs: 1000);
        AddPartition(pid, epoch, 0);
        Produce(pid, epoch, 0);

        _f.Advance(1000);
        Assert.Equal(TransactionState.Ongoing, Coordinator.Snapshot(Id)!.State);
        _f.Advance(1);

        var snapshot = Coordinator.Snapshot(Id)!;
        Assert.Equal(TransactionState.CompleteAbort, snapshot.State);
        Assert.Equal(epoch + 1, snapshot.ProducerEpoch);
        Assert.Equal(ErrorCode.ProducerFenced, Coordinator.EndTransaction(Id, pid, epoch, commit: true, Broker));
        Assert.Equal(ErrorCode.InvalidProducerEpoch, Produce(pid, epoch, 1, verify: false).Error);
        Assert.Single(_f.Cluster.Snapshot("t", 0).AbortedTransactions);
    }

    [Fact]
    public void StagedOffsets_AppliedAtCommitAndDroppedAtAbort()
    {
        var (pid, epoch) = Init();
        Assert.Equal(ErrorCode.InvalidTxnState, Coordinator.StageOffsets(Id, "g", pid, epoch, [(new("in", 0), new StagedOffset(5, -1, null))]));
        Assert.Equal(ErrorCode.None, Coordinator.AddOffsets(Id, pid, epoch, "g", Broker));
        Assert.Equal(ErrorCode.InvalidProducerEpoch, Coordinator.StageOffsets(Id, "g", pid, (short)(epoch + 1), [(new("in", 0), new StagedOffset(5, -1, null))]));
        Assert.Equal(ErrorCode.None, Coordinator.StageOffsets(Id, "g", pid, epoch, [(new("in", 0), new StagedOffset(5, -1, "m"))]));

        Assert.True(Coordinator.HasPendingOffset("g", "in", 0));
        Assert.False(_f.Cluster.Groups.TryGetOffset("g", "in", 0, out _));
        Assert.Equal(ErrorCode.None, Coordinator.EndTransaction(Id, pid, epoch, commit: true, Broker));
        Assert.True(_f.Cluster.Groups.TryGetOffset("g", "in", 0, out var committed));
        Assert.Equal((5L, -1, "m"), (committed.Offset, committed.LeaderEpoch, committed.Metadata));

        Assert.Equal(ErrorCode.None, Coordinator.AddOffsets(Id, pid, epoch, "g", Broker));
        Assert.Equal(ErrorCode.None, Coordinator.StageOffsets(Id, "g", pid, epoch, [(new("in", 0), new StagedOffset(9, -1, null))]));
        Assert.Equal(ErrorCode.None, Coordinator.EndTransaction(Id, pid, epoch, commit: false, Broker));
        Assert.True(_f.Cluster.Groups.TryGetOffset("g", "in", 0, out committed));
        Assert.Equal(5, committed.Offset);
        Assert.False(Coordinator.HasPendingOffset("g", "in", 0));
    }

    [Fact]
    public void ReadCommitted_StopsAtTheLsoAndReturnsTheAbortedIndex()
    {
        var (pid, epoch) = Init();
        AddPartition(pid, epoch, 0);
        Produce(pid, epoch, 0, records: 2);
        Assert.Equal(ErrorCode.None, ClusterFixture.Completed(_f.Produce(TestBatches.Create(1))).Error);

        Assert.Equal(0, Read(committed: true, out var lso, out _));
        Assert.Equal(0, lso);
        Assert.True(Read(committed: false, out _, out _) > 0);
        Assert.Equal(ErrorCode.None, _f.Partition.ListOffset(_f.Leader, -1, PartitionState.LatestTimestamp, out var latest, out _, out _, readCommitted: true));
        Assert.Equal(0, latest);

        Assert.Equal(ErrorCode.None, Coordinator.EndTransaction(Id, pid, epoch, commit: false, Broker));

        Assert.True(Read(committed: true, out lso, out var aborted) > 0);
        Assert.Equal(4, lso);
        Assert.Equal([new AbortedTransaction(pid, 0, 3)], aborted);
    }

    [Fact]
    public void Produce_NonTransactionalBatchWithOpenTransaction_IsInvalidTxnState()
    {
        var (pid, epoch) = Init();
        AddPartition(pid, epoch, 0);
        Produce(pid, epoch, 0);

        var plain = ClusterFixture.Completed(_f.Produce(TestBatches.Create(1, pid, epoch, 1)));

        Assert.Equal(ErrorCode.InvalidTxnState, plain.Error);
    }

    [Fact]
    public void LeaderChangeWithTruncation_RebuildsOpenTransactionsAndAbortedIndex()
    {
        var (pid, epoch) = Init();
        AddPartition(pid, epoch, 0);
        Produce(pid, epoch, 0);
        Assert.Equal(ErrorCode.None, Coordinator.EndTransaction(Id, pid, epoch, commit: false, Broker));
        var follower = _f.Followers[0];
        _f.Partition.SetFollowerPaused(follower, true);
        (pid, epoch) = Init();
        AddPartition(pid, epoch, 0);
        Produce(pid, epoch, 0);
        Assert.Equal(2, _f.Cluster.Snapshot("t", 0).OpenTransactions[pid]);

        _f.Partition.ChangeLeader(follower);

        var snapshot = _f.Cluster.Snapshot("t", 0);
        Assert.Equal(2, snapshot.LogEndOffset);
        Assert.Empty(snapshot.OpenTransactions);
        Assert.Single(snapshot.AbortedTransactions);
        Assert.Equal(2, snapshot.LastStableOffset);
    }

    private (long ProducerId, short Epoch) Init(int timeoutMs = 60_000)
    {
        Assert.Equal(ErrorCode.None, Coordinator.InitProducerId(Id, timeoutMs, -1, -1, Broker, out var pid, out var epoch));
        return (pid, epoch);
    }

    private void AddPartition(long pid, short epoch, int partition)
    {
        var errors = new List<ErrorCode>();
        Coordinator.AddPartitions(Id, pid, epoch, [new("t", partition)], Broker, errors);
        Assert.Equal([ErrorCode.None], errors);
    }

    private PartitionProduceResult Produce(long pid, short epoch, int sequence, int records = 1, bool verify = true)
    {
        if (verify)
        {
            Assert.Equal(ErrorCode.None, Coordinator.VerifyProduce(Id, pid, epoch, "t", 0));
        }

        return ClusterFixture.Completed(_f.Produce(TestBatches.Create(records, pid, epoch, sequence, attributes: Transactional), acks: 1));
    }

    private int Read(bool committed, out long lso, out List<AbortedTransaction> aborted)
    {
        var buffer = new ArrayBufferWriter<byte>();
        aborted = [];
        var error = _f.Partition.ReadForConsumer(_f.Leader, -1, 0, int.MaxValue, buffer, out _, out lso, out _, out var written, committed ? aborted : null);
        Assert.Equal(ErrorCode.None, error);
        return written;
    }
}
