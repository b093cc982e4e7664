using Brook.Producer.Internals;
using Brook.Producer.Metadata;
using Brook.Producer.Tests.Network;
using Brook.Producer.Tests.Sending;
using Brook.Protocol.Errors;
using Brook.Protocol.Messages;
using Microsoft.Extensions.Time.Testing;

namespace Brook.Producer.Tests.Metadata;

// The sender-driven cycle (TimeToNextUpdateMs -> BuildRequest -> HandleResponse/HandleFailure) on a fake clock.
public sealed partial class MetadataManagerTests
{
    private static (MetadataManager Metadata, FakeTimeProvider Time, FakeTransport Transport) Driven(MetadataSettings? settings = null)
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddDays(1));
        var transport = new FakeTransport();
        var metadata = new MetadataManager(transport, settings ?? new MetadataSettings { RetryBackoffMs = 100, RetryBackoffMaxMs = 1000, MetadataMaxAgeMs = 5000 }, time, new RandomSource(1));
        return (metadata, time, transport);
    }

    private static MetadataResponse Topics(params string[] names)
    {
        var response = new MetadataResponse();
        response.Brokers.Add(new MetadataResponse.MetadataResponseBroker { NodeId = 1, Host = "127.0.0.1", Port = 1 });
        foreach (var name in names)
        {
            var topic = new MetadataResponse.MetadataResponseTopic { Name = name };
            topic.Partitions.Add(new MetadataResponse.MetadataResponsePartition { PartitionIndex = 0, LeaderId = 1, LeaderEpoch = 0 });
            response.Topics.Add(topic);
        }

        return response;
    }

    [Fact]
    public void TimeToNextUpdateMs_WithoutTopics_IsNever_WithATopic_IsNow()
    {
        var (metadata, _, _) = Driven();

        Assert.Equal(long.MaxValue, metadata.TimeToNextUpdateMs());
        metadata.Touch("t");
        Assert.Equal(0, metadata.TimeToNextUpdateMs());
    }

    [Fact]
    public void TimeToNextUpdateMs_AfterResponse_IsMetadataMaxAge_AndARequestWaitsRetryBackoffFromTheAttempt()
    {
        var (metadata, time, transport) = Driven();
        metadata.Touch("t");
        metadata.BuildRequest();
        time.Advance(TimeSpan.FromMilliseconds(30));
        metadata.HandleResponse(Response(leader: 1, epoch: 0));

        Assert.Equal(5000, metadata.TimeToNextUpdateMs());
        Assert.Equal([1, 2], transport.Nodes.Select(n => n.NodeId).Order());

        metadata.RequestUpdate();
        Assert.Equal(70, metadata.TimeToNextUpdateMs());
        time.Advance(TimeSpan.FromMilliseconds(70));
        Assert.Equal(0, metadata.TimeToNextUpdateMs());
    }

    [Fact]
    public void HandleFailure_BacksOffExponentiallyWithJitterDrawnOnce_AndAResponseResets()
    {
        var (metadata, time, _) = Driven();
        metadata.Touch("t");
        var delays = new List<long>();
        for (var i = 0; i < 4; i++)
        {
            metadata.BuildRequest();
            metadata.HandleFailure(new KafkaException(ErrorCode.NetworkException, "down"));
            var delay = metadata.TimeToNextUpdateMs();
            Assert.Equal(delay, metadata.TimeToNextUpdateMs()); // jitter is not redrawn per call
            delays.Add(delay);
            time.Advance(TimeSpan.FromMilliseconds(delay));
        }

        Assert.InRange(delays[0], 80, 120);
        Assert.InRange(delays[1], 160, 240);
        Assert.InRange(delays[2], 320, 480);
        Assert.InRange(delays[3], 640, 960);
        Assert.Equal("down", metadata.LastError!.Message);

        metadata.BuildRequest();
        metadata.HandleResponse(Response(leader: 1, epoch: 0));
        metadata.RequestUpdate();
        Assert.Equal(100, metadata.TimeToNextUpdateMs());
        Assert.Null(metadata.LastError);
    }

    [Fact]
    public void HandleResponse_WhenAnUpdateWasRequestedDuringTheFlight_KeepsItRequested()
    {
        var (metadata, _, _) = Driven();
        metadata.Touch("t");
        metadata.BuildRequest();
        metadata.HandleResponse(Response(leader: 1, epoch: 0));
        Assert.False(metadata.IsUpdateRequested);

        metadata.RequestUpdate();
        metadata.BuildRequest();
        metadata.RequestUpdate(); // e.g. NOT_LEADER_OR_FOLLOWER while the request was out
        metadata.HandleResponse(Response(leader: 1, epoch: 0));

        Assert.True(metadata.IsUpdateRequested);
    }

    // Ported from ProducerMetadataTests (the mock cluster fix): a topic first waited for while a Metadata request is on
    // the wire must be asked for again; the in-flight answer must not clear the update.
    [Fact]
    public async Task HandleResponse_WhenATopicIsWaitedForDuringTheFlight_KeepsUpdateRequestedAndTheNextRequestNamesIt()
    {
        var (metadata, time, _) = Driven();
        var first = metadata.WaitForTopicAsync("a", 60_000, Ct).AsTask();
        Assert.Equal(["a"], metadata.BuildRequest().Topics!.Select(t => t.Name));

        var second = metadata.WaitForTopicAsync("b", 60_000, Ct).AsTask();
        metadata.HandleResponse(Topics("a"));

        Assert.Equal(1, (await first.WaitAsync(TestNet.Bound, Ct)).PartitionCount);
        Assert.False(second.IsCompleted);
        Assert.True(metadata.IsUpdateRequested);
        time.Advance(TimeSpan.FromMilliseconds(100)); // retry.backoff.ms after the attempt
        Assert.Equal(0, metadata.TimeToNextUpdateMs());
        Assert.Contains("b", metadata.BuildRequest().Topics!.Select(t => t.Name));
        metadata.HandleResponse(Topics("a", "b"));
        Assert.Equal(1, (await second.WaitAsync(TestNet.Bound, Ct)).PartitionCount);
    }

    [Fact]
    public void HandleResponse_WhenItAnswersEveryRequest_ClearsTheUpdateAndPublishesTheLeaders()
    {
        var (metadata, _, _) = Driven();
        metadata.Touch("a");
        metadata.RequestUpdate();
        metadata.BuildRequest();

        metadata.HandleResponse(Topics("a"));

        Assert.False(metadata.IsUpdateRequested);
        Assert.Equal(5000, metadata.TimeToNextUpdateMs());
        Assert.True(metadata.TryGetLeader(new TopicPartition("a", 0), out var leader, out _));
        Assert.Equal(1, leader);
    }

    [Fact]
    public void RequestUpdate_RaisesUpdateWantedOnlyWhenTheFlagWasClear()
    {
        var (metadata, _, _) = Driven();
        metadata.Touch("t");
        var wanted = 0;
        metadata.UpdateWanted += () => wanted++;
        metadata.RequestUpdate();
        Assert.Equal(0, wanted);

        metadata.BuildRequest();
        metadata.HandleResponse(Response(leader: 1, epoch: 0));
        metadata.RequestUpdate();
        metadata.RequestUpdate();

        Assert.Equal(1, wanted);
    }

    [Fact]
    public void Touch_NewTopic_RaisesUpdateWantedEvenWithAnUpdateAlreadyFlagged()
    {
        // At construction an update is flagged but there is nothing to fetch, so the sender sleeps; a first send to a
        // topic must wake it, or the metadata (and the record) waits for the sender's next poll.
        var (metadata, _, _) = Driven();
        var wanted = 0;
        metadata.UpdateWanted += () => wanted++;
        Assert.True(metadata.IsUpdateRequested);
        Assert.Equal(long.MaxValue, metadata.TimeToNextUpdateMs());

        metadata.Touch("t");
        metadata.RequestUpdate();
        metadata.Touch("t"); // known: no second wake

        Assert.Equal(1, wanted);
        Assert.Equal(0, metadata.TimeToNextUpdateMs());
    }

    [Fact]
    public void HandleNoNodeAvailable_RebootstrapsOnlyAfterTheTriggerAndWhenEnabled()
    {
        var (metadata, time, transport) = Driven(new MetadataSettings { RebootstrapTriggerMs = 1000 });
        Assert.False(metadata.HandleNoNodeAvailable());
        time.Advance(TimeSpan.FromMilliseconds(1000));
        Assert.True(metadata.HandleNoNodeAvailable());
        Assert.False(metadata.HandleNoNodeAvailable()); // the trigger restarts
        Assert.Equal(1, transport.Rebootstraps);

        var (none, noneTime, noneTransport) = Driven(new MetadataSettings { RebootstrapTriggerMs = 1000, RecoveryStrategy = MetadataRecoveryStrategy.None });
        noneTime.Advance(TimeSpan.FromMilliseconds(5000));
        Assert.False(none.HandleNoNodeAvailable());
        Assert.Equal(0, noneTransport.Rebootstraps);
    }

    [Fact]
    public async Task WaitForTopicAsync_TopicAuthorizationFailed_FailsAtOnceNamingTheError()
    {
        var (metadata, _, _) = Driven();
        var wait = metadata.WaitForTopicAsync("t", 60_000, Ct).AsTask();
        var response = Response(leader: 1, epoch: 0);
        response.Topics[0].ErrorCode = (short)ErrorCode.TopicAuthorizationFailed;
        response.Topics[0].Partitions.Clear();

        metadata.BuildRequest();
        metadata.HandleResponse(response);

        var error = await Assert.ThrowsAsync<KafkaException>(() => wait.WaitAsync(TestNet.Bound, Ct));
        Assert.Equal(ErrorCode.TopicAuthorizationFailed, error.ErrorCode);
        Assert.Contains("TOPIC_AUTHORIZATION_FAILED", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WaitForTopicAsync_AfterClose_FailsInsteadOfWaitingForMaxBlock()
    {
        var (metadata, _, _) = Driven();
        var wait = metadata.WaitForTopicAsync("t", 60_000, Ct).AsTask();

        metadata.Close();

        var error = await Assert.ThrowsAsync<KafkaException>(() => wait.WaitAsync(TestNet.Bound, Ct));
        Assert.Contains("closed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BuildRequest_AtVersionZeroWithoutTopics_AsksForANameThatCannotExist()
    {
        var (metadata, _, _) = Driven();

        Assert.Equal(["__brook_no_topic__"], metadata.BuildRequest(0).Topics!.Select(t => t.Name));
        Assert.Empty(metadata.BuildRequest(1).Topics!);
    }

    [Fact]
    public void BuildView_LeaderNotAvailablePartition_IsLeaderless()
    {
        var response = Response(leader: 1, epoch: 0);
        response.Topics[0].Partitions[0].ErrorCode = (short)ErrorCode.LeaderNotAvailable;

        var view = MetadataManager.BuildView(response, ClusterView.Empty, 1);

        Assert.Empty(view.Topics["t"].AvailablePartitions);
        Assert.False(view.TryGetLeader(new TopicPartition("t", 0), out _, out _));
    }
}
