using Brook.Producer.Network;
using Brook.Protocol.Messages;
using Microsoft.Extensions.Time.Testing;

namespace Brook.Producer.Tests.Network;

public sealed class ProducerMetadataTests
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.FromUnixTimeMilliseconds(1_000_000));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private long Now => _time.GetUtcNow().ToUnixTimeMilliseconds();

    private static MetadataResponse Response(params string[] topics)
    {
        var response = new MetadataResponse();
        response.Brokers.Add(new MetadataResponse.MetadataResponseBroker { NodeId = 1, Host = "127.0.0.1", Port = 1 });
        foreach (var name in topics)
        {
            var topic = new MetadataResponse.MetadataResponseTopic { Name = name };
            topic.Partitions.Add(new MetadataResponse.MetadataResponsePartition { PartitionIndex = 0, LeaderId = 1, LeaderEpoch = 0 });
            response.Topics.Add(topic);
        }

        return response;
    }

    private static List<string> Requested(MetadataRequest request) => request.Topics!.ConvertAll(t => t.Name!);

    [Fact]
    public async Task Update_WhenTopicWaitedForWhileRequestInFlight_KeepsUpdateRequestedAndNextRequestNamesIt()
    {
        var metadata = new ProducerMetadata(_time, maxAgeMs: 300_000);
        var first = metadata.WaitForTopicAsync("a", 60_000, static () => { }, Ct);
        var inFlight = metadata.BuildRequest();
        Assert.Equal(["a"], Requested(inFlight));

        // Topic "b" is waited for while the request for "a" is on the wire; its answer must not clear the update.
        var second = metadata.WaitForTopicAsync("b", 60_000, static () => { }, Ct);
        metadata.Update(Response("a"), Now);

        Assert.Equal(1, (await first).PartitionCount);
        Assert.False(second.IsCompleted);
        Assert.True(metadata.UpdateRequested);
        Assert.True(metadata.NeedsUpdate(Now));
        var next = metadata.BuildRequest();
        Assert.Contains("b", Requested(next));
        metadata.Update(Response("a", "b"), Now);
        Assert.Equal(1, (await second).PartitionCount);
        Assert.False(metadata.UpdateRequested);
    }

    [Fact]
    public void Update_WhenRequestUpdateCalledWhileRequestInFlight_KeepsUpdateRequested()
    {
        var metadata = new ProducerMetadata(_time, maxAgeMs: 300_000);
        metadata.Add("a");
        _ = metadata.BuildRequest();
        metadata.RequestUpdate(); // e.g. NOT_LEADER_OR_FOLLOWER seen after the request left

        metadata.Update(Response("a"), Now);

        Assert.True(metadata.UpdateRequested);
    }

    [Fact]
    public void Update_WhenResponseAnswersEveryRequest_ClearsUpdateRequested()
    {
        var metadata = new ProducerMetadata(_time, maxAgeMs: 300_000);
        metadata.Add("a");
        metadata.RequestUpdate();
        _ = metadata.BuildRequest();

        metadata.Update(Response("a"), Now);

        Assert.False(metadata.UpdateRequested);
        Assert.False(metadata.NeedsUpdate(Now));
        Assert.True(metadata.TryGetLeader(new TopicPartition("a", 0), out var leader, out _));
        Assert.Equal(1, leader);
    }

    [Fact]
    public void Update_WhenLeaderIsNotAmongTheBrokers_TreatsThePartitionAsLeaderlessAndKeepsUpdateRequested()
    {
        var metadata = new ProducerMetadata(_time, maxAgeMs: 300_000);
        metadata.Add("a");
        _ = metadata.BuildRequest();
        var response = Response("a");
        response.Topics[0].Partitions[0].LeaderId = 2; // broker 2 is down: named leader, but not listed

        metadata.Update(response, Now);

        Assert.False(metadata.TryGetLeader(new TopicPartition("a", 0), out _, out _));
        Assert.Empty(metadata.GetAvailability("a").AvailablePartitions);
        Assert.Equal(1, metadata.GetAvailability("a").PartitionCount);
        Assert.True(metadata.UpdateRequested);
    }
}
