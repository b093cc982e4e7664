using Brook.Producer.Accumulator;
using Brook.Producer.Idempotence;
using Brook.Producer.Sending;
using Brook.Protocol.Errors;
using Brook.Protocol.Messages;

namespace Brook.Producer.Tests.Idempotence;

public sealed class ProducerIdManagerTests
{
    private static readonly TopicPartition Tp0 = new(IdempotentSenderHarness.Topic, 0);

    private readonly IdempotentSenderHarness _h = new();

    [Fact]
    public async Task RunOnce_WithoutProducerId_SendsInitProducerIdAndDrainsNothing()
    {
        await _h.Append();
        await _h.Pass();

        var init = Assert.Single(_h.InitRequests);
        var request = (InitProducerIdRequest)init.Request;
        Assert.Null(request.TransactionalId);
        Assert.Empty(_h.Produces);

        await _h.Pass();
        Assert.Single(_h.InitRequests); // one outstanding request, not one per pass
    }

    [Fact]
    public async Task ProducerIdGranted_BatchesCarryIdEpochAndConsecutiveSequences()
    {
        var a = await _h.Append(records: 3);
        await _h.GrantProducerId(producerId: 42, epoch: 5);
        var b = await _h.Append(records: 2);
        await _h.Pass();

        Assert.Equal(new ProducerIdAndEpoch(42, 5), _h.Manager.Current);
        Assert.Equal(2, _h.Produces.Count);
        Assert.Equal((42L, (short)5, 0), (a.ProducerId, a.ProducerEpoch, a.BaseSequence));
        Assert.Equal((42L, (short)5, 3), (b.ProducerId, b.ProducerEpoch, b.BaseSequence));
        Assert.Equal(2, _h.Sequencer.InFlightCount(Tp0));
    }

    [Fact]
    public async Task InitProducerId_RetriableError_RetriesAfterBackoff()
    {
        await _h.Append();
        await _h.Pass();
        IdempotentSenderHarness.AnswerInit(_h.InitRequests.Single(), ErrorCode.CoordinatorNotAvailable);
        await _h.Pass();
        Assert.Single(_h.InitRequests);

        _h.Time.Advance(TimeSpan.FromMilliseconds(121)); // KIP-580: first retry 80-120 ms
        await _h.Pass();
        Assert.Equal(2, _h.InitRequests.Count());
        Assert.Null(_h.Manager.FatalError);
    }

    [Fact]
    public async Task InitProducerId_Disconnect_IsRetried()
    {
        await _h.Append();
        await _h.Pass();
        _h.InitRequests.Single().Completion.SetException(new KafkaException(ErrorCode.NetworkException, "disconnected"));
        await _h.Pass();
        _h.Time.Advance(TimeSpan.FromMilliseconds(121));
        await _h.Pass();

        Assert.Equal(2, _h.InitRequests.Count());
    }

    [Fact]
    public async Task InitProducerId_ClusterAuthorizationFailed_IsFatalAndFailsQueuedBatchesWithoutRetrying()
    {
        var batch = await _h.Append();
        await _h.Pass();
        IdempotentSenderHarness.AnswerInit(_h.InitRequests.Single(), ErrorCode.ClusterAuthorizationFailed);
        await _h.Pass();

        Assert.NotNull(_h.Manager.FatalError);
        Assert.True(_h.Manager.FatalError!.IsFatal);
        Assert.True(batch.IsDone);
        Assert.Equal(ErrorCode.ClusterAuthorizationFailed, batch.Error!.ErrorCode);
        Assert.Contains("IdempotentWrite", batch.Error.Message, StringComparison.Ordinal);

        var later = await _h.Append();
        _h.Time.Advance(TimeSpan.FromSeconds(5));
        await _h.Pass();
        await _h.Pass();
        Assert.True(later.IsDone);
        Assert.Single(_h.InitRequests);
        Assert.Empty(_h.Produces);
    }

    [Fact]
    public void Transactional_UnknownProducerId_IsNotRetried_AndBumpsNothingLocally()
    {
        var (manager, sequencer, _) = Transactional();
        var batch = Stamped(sequencer, Tp0, 2);

        Assert.False(manager.CanRetry(batch, new KafkaException(ErrorCode.UnknownProducerId)));
        Assert.False(manager.IsBumpPending);
    }

    [Fact]
    public void Transactional_RejectedSequencedBatch_ReportsTheFailure_AndLaterOutOfOrderFailsInsteadOfRetrying()
    {
        var (manager, sequencer, _) = Transactional();
        var failures = new List<ErrorCode>();
        manager.BatchFailed = (_, error) => failures.Add(error.ErrorCode);
        var first = Stamped(sequencer, Tp0, 2);
        var second = Stamped(sequencer, Tp0, 2);
        var outOfOrder = new KafkaException(ErrorCode.OutOfOrderSequenceNumber);

        Assert.False(manager.CanRetry(first, outOfOrder));
        first.Fail(outOfOrder, PersistenceStatus.NotPersisted);
        manager.OnFailed(first, outOfOrder, BatchFailureKind.Rejected);

        Assert.Equal([ErrorCode.OutOfOrderSequenceNumber], failures);
        Assert.True(sequencer.IsUnresolved(Tp0));
        Assert.False(manager.CanRetry(second, outOfOrder)); // sequence 2 can never follow the gap under this epoch
        Assert.False(manager.IsBumpPending);
    }

    [Fact]
    public void Transactional_ReplacementFromTheSource_InstallsTheEpoch_ForgetsCompletedBatches_AndRestartsAtZero()
    {
        var (manager, sequencer, source) = Transactional();
        var sent = Stamped(sequencer, Tp0, 3);
        var requeued = Stamped(sequencer, Tp0, 2);
        sent.Fail(new KafkaException(ErrorCode.OutOfOrderSequenceNumber), PersistenceStatus.NotPersisted);
        manager.OnFailed(sent, new KafkaException(ErrorCode.OutOfOrderSequenceNumber), BatchFailureKind.Rejected);
        requeued.Fail(new KafkaException(ErrorCode.OperationNotAttempted), PersistenceStatus.PossiblyPersisted); // an abort, not the sender

        source.Value = new ProducerIdAndEpoch(42, 6);
        manager.RunOnce(0);

        Assert.Equal(new ProducerIdAndEpoch(42, 6), manager.Current);
        Assert.Equal(1, manager.EpochBumps);
        Assert.Equal(0, sequencer.InFlightCount(Tp0));
        Assert.False(sequencer.IsUnresolved(Tp0));
        var next = new ProducerBatch(Tp0, Records(1), 0, 0);
        Assert.True(sequencer.CanDrain(next));
        sequencer.Stamp(next);
        Assert.Equal((42L, (short)6, 0), (next.ProducerId, next.ProducerEpoch, next.BaseSequence));
    }

    private static (ProducerIdManager Manager, IdempotentSequencer Sequencer, PushedProducerIdSource Source) Transactional()
    {
        var sequencer = new IdempotentSequencer(transactional: true);
        var source = new PushedProducerIdSource { Value = new ProducerIdAndEpoch(42, 5) };
        var manager = new ProducerIdManager(sequencer, source);
        manager.RunOnce(0);
        Assert.Equal(new ProducerIdAndEpoch(42, 5), manager.Current);
        return (manager, sequencer, source);
    }

    private static ProducerBatch Stamped(IdempotentSequencer sequencer, TopicPartition tp, int records)
    {
        var batch = new ProducerBatch(tp, Records(records), 0, 0);
        Assert.True(sequencer.CanDrain(batch));
        sequencer.Stamp(batch);
        return batch;
    }

    private static Protocol.Records.RecordBatchBuilder Records(int count)
    {
        var builder = new Protocol.Records.RecordBatchBuilder(1024);
        for (var i = 0; i < count; i++)
        {
            Assert.True(builder.TryAppend(1_000_000 + i, null, [(byte)i]));
        }

        return builder;
    }
}
