using Brook.Producer.Internals;
using Brook.Protocol.Messages;

namespace Brook.Producer.Tests.Internals;

public sealed class TopicEntriesTests
{
    [Fact]
    public void FindOrAdd_SameTopicTwice_ReturnsTheOneEntry()
    {
        var request = new ProduceRequest();

        var first = TopicEntries.FindOrAdd(request.TopicData, "a", static t => t.Name, static n => new ProduceRequest.TopicProduceData { Name = n });
        var again = TopicEntries.FindOrAdd(request.TopicData, "a", static t => t.Name, static n => new ProduceRequest.TopicProduceData { Name = n });

        Assert.Same(first, again);
        Assert.Single(request.TopicData);
    }

    [Fact]
    public void FindOrAdd_NewTopic_AppendsInFirstUseOrder()
    {
        var request = new AddPartitionsToTxnRequest();

        foreach (var topic in new[] { "b", "a", "b", "c", "a" })
        {
            TopicEntries.FindOrAdd(request.Topics, topic, static t => t.Name, static n => new AddPartitionsToTxnRequest.AddPartitionsToTxnTopic { Name = n }).Partitions.Add(1);
        }

        Assert.Equal(["b", "a", "c"], request.Topics.Select(t => t.Name));
        Assert.Equal([2, 2, 1], request.Topics.Select(t => t.Partitions.Count));
    }

    [Fact]
    public void FindOrAdd_ComparesNamesOrdinally()
    {
        var request = new TxnOffsetCommitRequest();

        TopicEntries.FindOrAdd(request.Topics, "Topic", static t => t.Name, static n => new TxnOffsetCommitRequest.TxnOffsetCommitRequestTopic { Name = n });
        TopicEntries.FindOrAdd(request.Topics, "topic", static t => t.Name, static n => new TxnOffsetCommitRequest.TxnOffsetCommitRequestTopic { Name = n });

        Assert.Equal(2, request.Topics.Count);
    }
}
