using Brook.Producer.Metadata;
using Brook.Producer.Network;
using Brook.Protocol.Messages;

namespace Brook.Producer.Tests.Metadata;

public sealed class ClusterViewTests
{
    [Fact]
    public void PartitionsForNode_ListsEachLeadersPartitionsSortedByTopicThenPartition()
    {
        var view = MetadataManager.BuildView(Response(("b", [1, 2, 1]), ("a", [2, 1])), ClusterView.Empty, 1);

        Assert.Equal([new TopicPartition("a", 1), new TopicPartition("b", 0), new TopicPartition("b", 2)], view.PartitionsForNode(1));
        Assert.Equal([new TopicPartition("a", 0), new TopicPartition("b", 1)], view.PartitionsForNode(2));
        Assert.Empty(view.PartitionsForNode(3));
    }

    [Fact]
    public void AccumulatorView_LeaderlessPartitionsCountButAreNotAvailable()
    {
        var view = MetadataManager.BuildView(Response(("t", [1, -1, 2])), ClusterView.Empty, 1);

        var availability = view.GetAvailability("t");
        Assert.Equal(3, availability.PartitionCount);
        Assert.Equal([0, 2], availability.AvailablePartitions);
        Assert.True(view.TryGetLeader(new TopicPartition("t", 2), out var leader, out var epoch));
        Assert.Equal((2, 7), (leader, epoch));
        Assert.False(view.TryGetLeader(new TopicPartition("t", 1), out _, out _));
        Assert.False(view.TryGetLeader(new TopicPartition("t", 3), out _, out _));
        Assert.Equal(0, view.GetAvailability("unknown").PartitionCount);
        Assert.Equal(7, view.LeaderEpoch(new TopicPartition("t", 0)));
        Assert.Equal(-1, view.LeaderEpoch(new TopicPartition("unknown", 0)));
    }

    [Fact]
    public void BuildView_WhenLeaderIsNotAmongTheBrokers_TreatsThePartitionAsLeaderless()
    {
        // Broker 3 is down: librdkafka's mock still names it leader but leaves it out of the broker list.
        var view = MetadataManager.BuildView(Response(("t", [1, 3])), ClusterView.Empty, 1);

        Assert.False(view.TryGetLeader(new TopicPartition("t", 1), out _, out _));
        Assert.Equal([0], view.GetAvailability("t").AvailablePartitions);
        Assert.Equal(2, view.GetAvailability("t").PartitionCount);
    }

    [Fact]
    public void WithLeader_MovesOnePartitionAndItsNodeGrouping_LeavingTheOriginalUnchanged()
    {
        var view = MetadataManager.BuildView(Response(("t", [1, 1])), ClusterView.Empty, 1);

        var moved = view.WithLeader("t", 1, 3, 8, [new BrokerNode(3, "127.0.0.1", 9)]);

        Assert.Equal([new TopicPartition("t", 0)], moved.PartitionsForNode(1));
        Assert.Equal([new TopicPartition("t", 1)], moved.PartitionsForNode(3));
        Assert.Equal(3, moved.Leader("t", 1)!.Value.NodeId);
        Assert.Equal(2, view.PartitionsForNode(1).Count);
    }

    private static MetadataResponse Response(params (string Topic, int[] Leaders)[] topics)
    {
        var response = new MetadataResponse();
        foreach (var id in new[] { 1, 2 })
        {
            response.Brokers.Add(new MetadataResponse.MetadataResponseBroker { NodeId = id, Host = "127.0.0.1", Port = id });
        }

        foreach (var (name, leaders) in topics)
        {
            var topic = new MetadataResponse.MetadataResponseTopic { Name = name };
            for (var p = 0; p < leaders.Length; p++)
            {
                topic.Partitions.Add(new MetadataResponse.MetadataResponsePartition { PartitionIndex = p, LeaderId = leaders[p], LeaderEpoch = 7 });
            }

            response.Topics.Add(topic);
        }

        return response;
    }
}
