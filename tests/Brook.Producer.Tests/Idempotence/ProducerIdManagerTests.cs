using Brook.Producer.Idempotence;
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
}
