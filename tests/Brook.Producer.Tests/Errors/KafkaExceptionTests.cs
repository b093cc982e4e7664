using Brook.Protocol.Errors;

namespace Brook.Producer.Tests.Errors;

public sealed class KafkaExceptionTests
{
    [Fact]
    public void Ctor_TakesRetriableFlagFromErrorTable()
    {
        Assert.True(new KafkaException(ErrorCode.NotLeaderOrFollower).IsRetriable);
        Assert.False(new KafkaException(ErrorCode.InvalidRecord).IsRetriable);
        Assert.False(new KafkaException(ErrorCode.NotLeaderOrFollower).IsFatal);
    }

    [Fact]
    public void Ctor_WithoutMessage_UsesKafkaNameAndDescription()
    {
        var ex = new KafkaException(ErrorCode.NotLeaderOrFollower);
        Assert.StartsWith("NOT_LEADER_OR_FOLLOWER: ", ex.Message, StringComparison.Ordinal);
        Assert.Equal("NOT_LEADER_OR_FOLLOWER", ex.ErrorName);
    }

    [Fact]
    public void FatalException_IsFatalAndNotRetriable()
    {
        var ex = new FatalException(ErrorCode.ProducerFenced);
        Assert.True(ex.IsFatal);
        Assert.False(ex.IsRetriable);
        Assert.Contains("PRODUCER_FENCED", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TransactionAbortable_TellsToAbort()
    {
        var ex = new TransactionAbortableException(ErrorCode.TransactionAbortable);
        Assert.False(ex.IsFatal);
        Assert.Contains("AbortTransactionAsync", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TimeoutAndBufferExhausted_AreRetriableRequestTimedOut()
    {
        var timeout = new KafkaTimeoutException("metadata not available within max.block.ms");
        var exhausted = new BufferExhaustedException("full");
        Assert.Equal(ErrorCode.RequestTimedOut, timeout.ErrorCode);
        Assert.Equal(ErrorCode.RequestTimedOut, exhausted.ErrorCode);
        Assert.True(timeout.IsRetriable && exhausted.IsRetriable);
    }

    [Fact]
    public void RecordTooLarge_IsMessageTooLargeNotRetriable()
    {
        var ex = new RecordTooLargeException("big");
        Assert.Equal(ErrorCode.MessageTooLarge, ex.ErrorCode);
        Assert.False(ex.IsRetriable);
    }

    [Fact]
    public void ProduceException_CarriesDeliveryResultAndInnerFlags()
    {
        var result = new DeliveryResult<string, string>
        {
            Topic = "t",
            Partition = 1,
            Message = new Message<string, string> { Value = "v" },
            Status = PersistenceStatus.PossiblyPersisted,
        };
        var ex = new ProduceException<string, string>(ErrorCode.RequestTimedOut, result, "timed out", new KafkaTimeoutException("delivery.timeout.ms"));
        Assert.Equal(result, ex.DeliveryResult);
        Assert.Same(result.Message, ex.DeliveryResult.Message);
        Assert.True(ex.IsRetriable);
        Assert.Equal(new TopicPartitionOffset("t", 1, Offset.Unset), ex.DeliveryResult.TopicPartitionOffset);
    }
}
