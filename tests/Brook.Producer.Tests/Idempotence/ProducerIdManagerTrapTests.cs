using Brook.Producer.Idempotence;
using Brook.Protocol.Errors;
using Brook.Protocol.Messages;

namespace Brook.Producer.Tests.Idempotence;

/// <summary>
/// KIP-360 and the traps other clients shipped (producer-algorithms.md §6, §9, §15), each driven through
/// Sender.RunOnce on a fake clock against a scripted broker. Part of <see cref="ProducerIdManager"/>'s tests (split by concern).
/// </summary>
public sealed class ProducerIdManagerTrapTests
{
    private static readonly TopicPartition Tp0 = new(IdempotentSenderHarness.Topic, 0);
    private static readonly TopicPartition Tp1 = new(IdempotentSenderHarness.Topic, 1);

    private readonly IdempotentSenderHarness _h = new();

    [Fact]
    public async Task DuplicateSequenceNumber_CountsAsSuccessWithoutOffset()
    {
        var batch = await _h.Append(records: 2);
        await _h.GrantProducerId();
        _h.Produces.Single().Answer(error: (short)ErrorCode.DuplicateSequenceNumber);
        await _h.Pass();

        Assert.True(batch.IsDone);
        Assert.Null(batch.Error);
        Assert.Equal(-1, batch.BaseOffset);
        Assert.Equal(PersistenceStatus.Persisted, batch.Status);
        Assert.Equal(1, _h.Sequencer.LastAckedSequence(Tp0));
    }

    [Fact]
    public async Task AbortUndrainedBatches_OfABatchQueuedForRetry_LeavesTheSequencerOnTheNextPass()
    {
        var a = await _h.Append(records: 2);
        await _h.GrantProducerId();
        _h.Produces.Single().Answer(error: (short)ErrorCode.NotEnoughReplicas); // retriable: queued again, keeps seq 0
        await _h.Pass();
        Assert.False(a.IsDone);
        Assert.Equal(1, _h.Sequencer.InFlightCount(Tp0));

        // A transaction abort (user thread) fails the queued retry without the sender seeing it.
        _h.Accumulator.AbortUndrainedBatches(new KafkaException(ErrorCode.None, "aborted"));
        Assert.True(a.IsDone);
        await _h.Pass();

        Assert.Equal(0, _h.Sequencer.InFlightCount(Tp0)); // else the partition waits forever after an epoch bump
    }

    [Fact]
    public async Task OutOfOrder_BehindFailedPredecessor_RetriesWithSameSequenceAndNoBump()
    {
        var a = await _h.Append();
        await _h.GrantProducerId();
        var b = await _h.Append();
        await _h.Pass();
        var produces = _h.Produces;
        produces[0].Answer(error: (short)ErrorCode.NotEnoughReplicas);
        produces[1].Answer(error: (short)ErrorCode.OutOfOrderSequenceNumber);
        await _h.Pass();

        Assert.False(b.IsDone);
        Assert.Equal(0, _h.Manager.EpochBumps);
        Assert.Equal((0, 1), (a.BaseSequence, b.BaseSequence));

        // Only the lowest in-flight sequence may go first: A, then B in order.
        _h.Time.Advance(TimeSpan.FromMilliseconds(121));
        await _h.Pass();
        Assert.Equal(3, _h.Produces.Count);
        Assert.Equal(a.Sealed.ToArray(), FirstPartition(_h.Produces[2]).Records!.Value.ToArray());
        await _h.Pass();
        Assert.Equal(3, _h.Produces.Count); // B waits until A is answered

        _h.Produces[2].Answer(baseOffset: 0);
        await _h.Pass();
        Assert.Equal(b.Sealed.ToArray(), FirstPartition(_h.Produces[3]).Records!.Value.ToArray());
    }

    [Fact]
    public async Task OutOfOrder_ForNextExpectedSequence_BumpsEpochLocallyAndRenumbersFromZero()
    {
        var acked = await _h.Append();
        await _h.GrantProducerId(producerId: 7, epoch: 3);
        _h.Produces[0].Answer(baseOffset: 0);
        await _h.Pass();
        var a = await _h.Append(records: 2);
        var b = await _h.Append(records: 3);
        await _h.Pass();
        await _h.Pass();
        Assert.Equal((1, 3), (a.BaseSequence, b.BaseSequence));

        // The broker lost our state (e.g. a truncated leader): A is the next expected sequence yet out of order.
        _h.Produces[1].Answer(error: (short)ErrorCode.OutOfOrderSequenceNumber);
        await _h.Pass();

        Assert.True(acked.IsDone);
        Assert.Equal(1, _h.Manager.EpochBumps);
        Assert.Equal(new ProducerIdAndEpoch(7, 4), _h.Manager.Current);
        Assert.Equal((7L, (short)4, 0), (a.ProducerId, a.ProducerEpoch, a.BaseSequence));
        Assert.Equal((7L, (short)4, 2), (b.ProducerId, b.ProducerEpoch, b.BaseSequence));
        Assert.True(a.IsSequenceReset);
        Assert.Equal(5, _h.Sequencer.NextSequence(Tp0));
        Assert.Single(_h.InitRequests); // a local bump: no round trip
    }

    [Fact]
    public async Task EpochBump_OtherPartitionsRestartLazilyAtZero_NotContinuingOldSequences()
    {
        // KAFKA-12152 / Dekaf#3342: partitions that did not request the bump must restart at 0 under the new epoch.
        var p1 = await _h.Append(partition: 1, records: 4);
        await _h.GrantProducerId();
        _h.Produces[0].Answer(baseOffset: 0);
        await _h.Pass();
        Assert.Equal(3, _h.Sequencer.LastAckedSequence(Tp1));

        var p1InFlight = await _h.Append(partition: 1, records: 2);
        var p0 = await _h.Append(partition: 0);
        await _h.Pass();
        var p0Request = _h.Produces.Single(r => FirstPartition(r).Index == 0);
        p0Request.Answer(error: (short)ErrorCode.OutOfOrderSequenceNumber);
        await _h.Pass();
        Assert.Equal(1, _h.Manager.EpochBumps);

        // Partition 1 still has an old-epoch batch in flight: a new batch waits behind it.
        var p1New = await _h.Append(partition: 1);
        await _h.Pass();
        Assert.False(p1New.HasSequence);

        _h.Produces.Single(r => r.Request is ProduceRequest p && FirstPartition(r).Index == 1 && !r.Completion.Task.IsCompleted).Answer(baseOffset: 4);
        await _h.Pass();
        Assert.Equal((short)0, p1InFlight.ProducerEpoch);
        Assert.Equal((short)1, p1New.ProducerEpoch);
        Assert.Equal(0, p1New.BaseSequence);
        Assert.True(p1.IsDone);
        Assert.False(p0.IsDone);
    }

    [Fact]
    public async Task EpochExhausted_ObtainsNewProducerIdInsteadOfBumping()
    {
        var a = await _h.Append(records: 2);
        await _h.GrantProducerId(producerId: 9, epoch: short.MaxValue);
        _h.Produces[0].Answer(error: (short)ErrorCode.OutOfOrderSequenceNumber);
        await _h.Pass();

        Assert.Equal(2, _h.InitRequests.Count());
        Assert.Equal(0, _h.Manager.EpochBumps);
        Assert.Equal(ProducerIdAndEpoch.None, _h.Manager.Current);

        _h.Time.Advance(TimeSpan.FromMilliseconds(500));
        await _h.Pass();
        Assert.Single(_h.Produces); // nothing drains without an id

        _h.InitRequests.Last().Completion.SetResult(new InitProducerIdResponse { ProducerId = 10, ProducerEpoch = 0 });
        await _h.Pass();
        Assert.Equal((10L, (short)0, 0), (a.ProducerId, a.ProducerEpoch, a.BaseSequence));
        Assert.Equal(2, _h.Produces.Count);
        Assert.Equal(2, _h.Manager.ProducerIdsObtained);
    }

    [Fact]
    public async Task ExpiredInFlightBatch_MarksUnresolved_BlocksNewBatches_ThenBumpsWhenNothingLaterWasAcked()
    {
        var h = new IdempotentSenderHarness(deliveryTimeoutMs: 5000);
        var a = await h.Append(records: 2);
        await h.GrantProducerId();
        h.Time.Advance(TimeSpan.FromMilliseconds(5000));
        await h.Pass();
        Assert.True(h.Sequencer.IsUnresolved(Tp0));
        await h.Pass();

        Assert.True(a.IsDone);
        Assert.Equal(PersistenceStatus.PossiblyPersisted, a.Status);
        Assert.Equal(1, h.Manager.EpochBumps); // nothing in flight, nothing later acknowledged: the gap is real
        var next = await h.Append();
        await h.Pass();
        Assert.Equal(((short)1, 0), (next.ProducerEpoch, next.BaseSequence));
    }

    [Fact]
    public async Task ExpiredInFlightBatch_ResolvedByLaterAcknowledgement_NoBump()
    {
        var h = new IdempotentSenderHarness(deliveryTimeoutMs: 5000);
        var a = await h.Append(records: 2);
        await h.GrantProducerId();
        h.Time.Advance(TimeSpan.FromMilliseconds(1000));
        var b = await h.Append(records: 3);
        await h.Pass();
        h.Time.Advance(TimeSpan.FromMilliseconds(4000)); // A expires, B does not
        await h.Pass();
        Assert.True(a.IsDone);
        Assert.True(h.Sequencer.IsUnresolved(Tp0));

        var c = await h.Append();
        await h.Pass();
        Assert.False(c.HasSequence); // blocked while unresolved

        // Answers come in send order: A's late, inconclusive one (ignored: A already failed), then B at seq 2..4
        // accepted, which proves A's seq 0..1 were written.
        h.Produces[0].Answer(error: (short)ErrorCode.NotEnoughReplicasAfterAppend);
        h.Produces[1].Answer(baseOffset: 2);
        await h.Pass();
        await h.Pass();
        Assert.False(h.Sequencer.IsUnresolved(Tp0));
        Assert.Equal(0, h.Manager.EpochBumps);
        Assert.Equal(((short)0, 5), (c.ProducerEpoch, c.BaseSequence));
    }

    [Fact]
    public async Task ExpiredInFlightBatch_LateSuccess_ResolvesWithoutBump()
    {
        var h = new IdempotentSenderHarness(deliveryTimeoutMs: 5000);
        var a = await h.Append(records: 2);
        await h.GrantProducerId();
        h.Time.Advance(TimeSpan.FromMilliseconds(5000));
        await h.Pass();
        Assert.True(a.IsDone);
        Assert.True(h.Sequencer.IsUnresolved(Tp0));

        h.Produces[0].Answer(baseOffset: 0);
        await h.Pass();

        Assert.False(h.Sequencer.IsUnresolved(Tp0));
        Assert.Equal(0, h.Manager.EpochBumps);
        Assert.NotNull(a.Error); // the records stay failed (PossiblyPersisted): the application was already told
        var next = await h.Append();
        await h.Pass();
        Assert.Equal(((short)0, 2), (next.ProducerEpoch, next.BaseSequence));
    }

    [Fact]
    public async Task RetriesExhausted_AfterSend_MarksUnresolvedThenBumps()
    {
        var h = new IdempotentSenderHarness(retries: 1);
        var a = await h.Append(records: 2);
        await h.GrantProducerId();
        h.Produces[0].Answer(error: (short)ErrorCode.NotEnoughReplicasAfterAppend);
        await h.Pass();
        h.Time.Advance(TimeSpan.FromMilliseconds(121));
        await h.Pass();
        Assert.Equal(2, h.Produces.Count);
        Assert.Equal(1, h.Sequencer.InFlightCount(Tp0));
        Assert.Equal(0, a.BaseSequence); // the retry keeps its sequence
        h.Produces[1].Answer(error: (short)ErrorCode.NotEnoughReplicasAfterAppend);
        await h.Pass();
        Assert.True(a.IsDone);
        Assert.Equal(PersistenceStatus.PossiblyPersisted, a.Status);

        // Unresolved, nothing else in flight and nothing later acknowledged: resolved by a bump in the same pass.
        Assert.Equal(1, h.Manager.EpochBumps);
        Assert.False(h.Sequencer.IsUnresolved(Tp0));
        var next = await h.Append();
        await h.Pass();
        Assert.Equal(((short)1, 0), (next.ProducerEpoch, next.BaseSequence));
    }

    [Fact]
    public async Task SplitBatch_PiecesContinueSequencesAndReplaceItInFlight()
    {
        var big = await _h.Append(records: 4);
        await _h.GrantProducerId();
        _h.Produces[0].Answer(error: (short)ErrorCode.MessageTooLarge);
        await _h.Pass();

        Assert.True(big.IsSplit);
        var pieces = big.Children;
        Assert.Equal(pieces.Count, _h.Sequencer.InFlightCount(Tp0));
        var expected = 0;
        foreach (var piece in pieces)
        {
            Assert.Equal(expected, piece.BaseSequence);
            expected += piece.RecordCount;
        }

        Assert.Equal(4, expected);
    }

    [Fact]
    public async Task NonRetriableRejection_WithSequence_BumpsSoLaterBatchesAreNotStuckOutOfOrder()
    {
        var a = await _h.Append();
        await _h.GrantProducerId();
        _h.Produces[0].Answer(error: (short)ErrorCode.InvalidRecord);
        await _h.Pass();
        Assert.True(a.IsDone);
        Assert.Equal(1, _h.Manager.EpochBumps);

        var next = await _h.Append();
        await _h.Pass();
        Assert.Equal(((short)1, 0), (next.ProducerEpoch, next.BaseSequence));
    }

    [Fact]
    public async Task FatalProduceError_StopsRetriesAndFailsQueuedBatches()
    {
        var a = await _h.Append();
        await _h.GrantProducerId();
        var queued = await _h.Append();
        _h.Produces[0].Answer(error: (short)ErrorCode.ClusterAuthorizationFailed);
        await _h.Pass();
        await _h.Pass();

        Assert.NotNull(_h.Manager.FatalError);
        Assert.True(a.IsDone);
        Assert.True(queued.IsDone);
        var sent = _h.Produces.Count;
        _h.Time.Advance(TimeSpan.FromSeconds(10));
        await _h.Pass();
        Assert.Equal(sent, _h.Produces.Count);
    }

    [Fact]
    public async Task RetriableErrorAfterFatal_IsNotRetried()
    {
        var a = await _h.Append();
        await _h.GrantProducerId();
        var b = await _h.Append(partition: 1);
        await _h.Pass();
        _h.Produces[0].Answer(error: (short)ErrorCode.ClusterAuthorizationFailed);
        _h.Produces[1].Answer(error: (short)ErrorCode.NotEnoughReplicas);
        await _h.Pass();

        Assert.True(a.IsDone);
        Assert.True(b.IsDone);
        Assert.Equal(ErrorCode.NotEnoughReplicas, b.Error!.ErrorCode);
    }

    [Fact]
    public async Task InvalidProducerEpoch_ForAttemptSentBeforeBump_IsRetriedRenumbered()
    {
        var a = await _h.Append();
        await _h.GrantProducerId();
        var b = await _h.Append();
        await _h.Pass();
        _h.Produces[0].Answer(error: (short)ErrorCode.OutOfOrderSequenceNumber);
        await _h.Pass();
        Assert.True(b.IsSequenceReset);

        _h.Produces[1].Answer(error: (short)ErrorCode.InvalidProducerEpoch);
        await _h.Pass();
        Assert.False(b.IsDone);
        Assert.Equal(1, _h.Manager.EpochBumps);
    }

    private static ProduceRequest.PartitionProduceData FirstPartition(Sending.FakeTransport.Sent sent) => sent.Produce.TopicData[0].PartitionData[0];
}
