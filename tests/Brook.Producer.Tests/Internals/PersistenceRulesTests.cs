using Brook.Producer.Internals;
using Brook.Protocol.Errors;

namespace Brook.Producer.Tests.Internals;

public sealed class PersistenceRulesTests
{
    [Theory]
    [InlineData(ErrorCode.NotLeaderOrFollower, PersistenceStatus.NotPersisted)]
    [InlineData(ErrorCode.NotEnoughReplicas, PersistenceStatus.NotPersisted)]
    [InlineData(ErrorCode.MessageTooLarge, PersistenceStatus.NotPersisted)]
    [InlineData(ErrorCode.InvalidRecord, PersistenceStatus.NotPersisted)]
    [InlineData(ErrorCode.TopicAuthorizationFailed, PersistenceStatus.NotPersisted)]
    [InlineData(ErrorCode.InvalidProducerEpoch, PersistenceStatus.NotPersisted)]
    [InlineData(ErrorCode.NotEnoughReplicasAfterAppend, PersistenceStatus.PossiblyPersisted)]
    [InlineData(ErrorCode.RequestTimedOut, PersistenceStatus.PossiblyPersisted)]
    [InlineData(ErrorCode.OutOfOrderSequenceNumber, PersistenceStatus.PossiblyPersisted)]
    [InlineData(ErrorCode.NetworkException, PersistenceStatus.PossiblyPersisted)]
    [InlineData(ErrorCode.DuplicateSequenceNumber, PersistenceStatus.Persisted)]
    public void ForError_AfterWrite_FollowsSpecTable(ErrorCode error, PersistenceStatus expected)
    {
        Assert.Equal(expected, PersistenceRules.ForError(error, written: true));
    }

    [Fact]
    public void ForError_NeverWritten_IsNotPersisted()
    {
        Assert.Equal(PersistenceStatus.NotPersisted, PersistenceRules.ForError(ErrorCode.RequestTimedOut, written: false));
    }

    [Fact]
    public void ForSuccess_AcksZero_IsOnlyPossiblyPersisted()
    {
        Assert.Equal(PersistenceStatus.PossiblyPersisted, PersistenceRules.ForSuccess(Acks.None));
        Assert.Equal(PersistenceStatus.Persisted, PersistenceRules.ForSuccess(Acks.Leader));
        Assert.Equal(PersistenceStatus.Persisted, PersistenceRules.ForSuccess(Acks.All));
    }

    [Fact]
    public void Combine_NeverMovesDown()
    {
        var status = PersistenceRules.Combine(PersistenceStatus.NotPersisted, PersistenceRules.ForError(ErrorCode.RequestTimedOut, true));
        status = PersistenceRules.Combine(status, PersistenceRules.ForError(ErrorCode.NotLeaderOrFollower, true));
        Assert.Equal(PersistenceStatus.PossiblyPersisted, status);
    }
}
