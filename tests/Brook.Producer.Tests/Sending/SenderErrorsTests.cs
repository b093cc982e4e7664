using Brook.Producer.Accumulator;
using Brook.Producer.Sending;
using Brook.Protocol.Records;

namespace Brook.Producer.Tests.Sending;

public sealed class SenderErrorsTests
{
    private static readonly TopicPartition Tp = new("t", 0);

    private static ProducerBatch NewBatch() => new(Tp, new RecordBatchBuilder(1024), 0, 0);

    private static IdempotentSequencer WithProducerId()
    {
        var sequencer = new IdempotentSequencer(transactional: false);
        sequencer.SetProducerIdAndEpoch(7, 0);
        return sequencer;
    }

    [Fact]
    public void QueuedWaitReason_NoProducerIdYet_NamesInitProducerId()
    {
        var reason = SenderErrors.QueuedWaitReason(NewBatch(), new IdempotentSequencer(transactional: false), leader: 1, leaderReady: true);

        Assert.Contains("no producer id", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void QueuedWaitReason_PartitionUnresolved_NamesTheUnresolvedSequenceNotTheLeader()
    {
        var sequencer = WithProducerId();
        sequencer.SetUnresolved(Tp, true);

        var reason = SenderErrors.QueuedWaitReason(NewBatch(), sequencer, leader: 1, leaderReady: true);

        Assert.Contains("unresolved sequence of t [0]", reason, StringComparison.Ordinal);
        Assert.DoesNotContain("connection", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void QueuedWaitReason_RetryBehindLowerInFlightSequence_NamesItsSequence()
    {
        var sequencer = WithProducerId();
        sequencer.Stamp(NewBatch()); // sequence 0, in flight
        var retry = NewBatch();
        retry.SetProducerState(7, 0, 5, isTransactional: false);

        var reason = SenderErrors.QueuedWaitReason(retry, sequencer, leader: 1, leaderReady: true);

        Assert.Contains("sequence 5", reason, StringComparison.Ordinal);
        Assert.Contains("lower sequences", reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, false, "no leader was known for t [0]")]
    [InlineData(3, false, "no ready connection to its leader, node 3")]
    [InlineData(3, true, "an earlier request to its leader, node 3, was still in flight")]
    public void QueuedWaitReason_PlainProducer_NamesLeaderOrConnection(int? leader, bool ready, string expected)
    {
        var reason = SenderErrors.QueuedWaitReason(NewBatch(), sequencer: null, leader, ready);

        Assert.Contains(expected, reason, StringComparison.Ordinal);
    }

    [Fact]
    public void DeliveryTimeout_Queued_CarriesTheReason()
    {
        var error = SenderErrors.DeliveryTimeout(NewBatch(), 5000, 5000, inFlight: false, "no leader was known for t [0]");

        Assert.IsType<KafkaTimeoutException>(error);
        Assert.Contains("before it could be sent: no leader was known for t [0].", error.Message, StringComparison.Ordinal);
        Assert.Contains("delivery.timeout.ms = 5000", error.Message, StringComparison.Ordinal);
    }
}
