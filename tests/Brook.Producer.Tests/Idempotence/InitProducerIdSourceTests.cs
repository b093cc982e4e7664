using Brook.Producer.Idempotence;
using Brook.Producer.Internals;
using Brook.Producer.Tests.Sending;
using Brook.Protocol.Errors;
using Brook.Protocol.Messages;

namespace Brook.Producer.Tests.Idempotence;

public sealed class InitProducerIdSourceTests
{
    private readonly FakeTransport _transport = new();
    private readonly InitProducerIdSource _source;
    private int _wakes;

    public InitProducerIdSourceTests()
    {
        _source = new InitProducerIdSource(_transport, new ExponentialBackoff(100, 1000, new RandomSource(1)), () => _wakes++);
    }

    [Fact]
    public void Poll_WithoutBegin_IsIdleAndSendsNothing()
    {
        Assert.Equal(ProducerIdPollStatus.Idle, _source.Poll(0).Status);
        Assert.Empty(_transport.Requests);
    }

    [Fact]
    public void Begin_SendsOneRequestToLeastLoadedNode_AndWakesSenderOnAnswer()
    {
        _transport.MetadataNode = 1;
        _source.Begin(ProducerIdAndEpoch.None, 0);
        _source.Begin(ProducerIdAndEpoch.None, 0); // ignored while outstanding

        Assert.Equal(ProducerIdPollStatus.Pending, _source.Poll(0).Status);
        Assert.Equal(ProducerIdPollStatus.Pending, _source.Poll(1).Status);
        var sent = Assert.Single(_transport.Requests);
        Assert.Equal(1, sent.NodeId);
        Assert.Equal(int.MaxValue, ((InitProducerIdRequest)sent.Request).TransactionTimeoutMs);

        sent.Completion.SetResult(new InitProducerIdResponse { ProducerId = 5, ProducerEpoch = 2 });
        Assert.Equal(1, _wakes);
        var poll = _source.Poll(2);
        Assert.Equal(ProducerIdPollStatus.Obtained, poll.Status);
        Assert.Equal(new ProducerIdAndEpoch(5, 2), poll.Value);
        Assert.Equal(ProducerIdPollStatus.Idle, _source.Poll(3).Status);
    }

    [Fact]
    public void NoNodeAvailable_WaitsWithoutSending()
    {
        _transport.MetadataNode = null;
        _source.Begin(ProducerIdAndEpoch.None, 0);

        var poll = _source.Poll(0);

        Assert.Equal(ProducerIdPollStatus.Pending, poll.Status);
        Assert.InRange(poll.DelayMs, 5, 1000);
        Assert.Empty(_transport.Requests);
    }

    [Fact]
    public void RetriableErrors_BackOffExponentially_ThenObtain()
    {
        _source.Begin(ProducerIdAndEpoch.None, 0);
        _source.Poll(0);
        _transport.Requests[0].Completion.SetResult(new InitProducerIdResponse { ErrorCode = (short)ErrorCode.NotCoordinator });
        var first = _source.Poll(10);
        Assert.InRange(first.DelayMs, 80, 120);
        Assert.Equal(ProducerIdPollStatus.Pending, _source.Poll(10 + first.DelayMs - 1).Status);
        Assert.Single(_transport.Requests);

        _source.Poll(10 + first.DelayMs);
        _transport.Requests[1].Completion.SetResult(new InitProducerIdResponse { ErrorCode = (short)ErrorCode.CoordinatorLoadInProgress });
        var second = _source.Poll(500);
        Assert.InRange(second.DelayMs, 160, 240);

        _source.Poll(500 + second.DelayMs);
        _transport.Requests[2].Completion.SetResult(new InitProducerIdResponse { ProducerId = 1, ProducerEpoch = 0 });
        Assert.Equal(ProducerIdPollStatus.Obtained, _source.Poll(1000).Status);
    }

    [Fact]
    public void NonRetriableError_FailsFatallyNamingTheFix()
    {
        _source.Begin(ProducerIdAndEpoch.None, 0);
        _source.Poll(0);
        _transport.Requests[0].Completion.SetResult(new InitProducerIdResponse { ErrorCode = (short)ErrorCode.ClusterAuthorizationFailed });

        var poll = _source.Poll(1);

        Assert.Equal(ProducerIdPollStatus.Failed, poll.Status);
        Assert.True(poll.Error!.IsFatal);
        Assert.Contains("enable.idempotence=false", poll.Error.Message, StringComparison.Ordinal);
    }
}
