using Brook.Producer.Accumulator;
using Brook.Producer.Sending;
using Brook.Protocol.Records;

namespace Brook.Producer.Tests.Sending;

public sealed class ProduceRequestBuilderTests
{
    [Fact]
    public void Build_BatchesOfTwoTopics_GroupsByTopicInFirstSeenOrderWithEachBatchsBytes()
    {
        var builder = new ProduceRequestBuilder(acks: -1, timeoutMs: 30_000, transactionalId: "tx", reuse: true);
        List<ProducerBatch> batches = [Batch("a", 0), Batch("b", 3), Batch("a", 2)];

        var request = builder.Build(batches);

        Assert.Equal((-1, 30_000, "tx"), (request.Acks, request.TimeoutMs, request.TransactionalId));
        Assert.Equal(["a", "b"], request.TopicData.Select(t => t.Name));
        Assert.Equal([0, 2], request.TopicData[0].PartitionData.Select(p => p.Index));
        Assert.Equal([3], request.TopicData[1].PartitionData.Select(p => p.Index));
        Assert.True(request.TopicData[0].PartitionData[1].Records!.Value.Span.SequenceEqual(batches[2].Sealed.Span));
    }

    [Fact]
    public void Recycle_WithReuse_EmptiesTheGraphAndTheNextBuildReusesItsObjects()
    {
        var builder = new ProduceRequestBuilder(acks: 1, timeoutMs: 1_000, transactionalId: null, reuse: true);
        var first = builder.Build([Batch("a", 0)]);
        var topic = first.TopicData[0];
        var partition = topic.PartitionData[0];

        builder.Recycle(first);
        Assert.Empty(first.TopicData);
        Assert.Null(partition.Records); // no batch buffer is referenced after the send

        var second = builder.Build([Batch("c", 5)]);
        Assert.Same(first, second);
        Assert.Same(topic, second.TopicData[0]);
        Assert.Equal("c", topic.Name);
        Assert.Same(partition, second.TopicData[0].PartitionData[0]);
        Assert.Equal(5, partition.Index);
    }

    [Fact]
    public void Build_WithoutReuse_GivesEveryCallItsOwnGraphAndRecycleLeavesItIntact()
    {
        var builder = new ProduceRequestBuilder(acks: 1, timeoutMs: 1_000, transactionalId: null, reuse: false);
        var first = builder.Build([Batch("a", 0)]);

        builder.Recycle(first);
        var second = builder.Build([Batch("b", 1)]);

        Assert.NotSame(first, second);
        Assert.Equal("a", Assert.Single(first.TopicData).Name); // a transport that keeps requests still sees them
        Assert.Equal("b", Assert.Single(second.TopicData).Name);
    }

    private static ProducerBatch Batch(string topic, int partition)
    {
        var records = new RecordBatchBuilder(1024);
        Assert.True(records.TryAppend(1_000_000, null, [(byte)partition]));
        var batch = new ProducerBatch(new TopicPartition(topic, partition), records, 0, 0);
        batch.Seal(CompressionType.None, 0);
        return batch;
    }
}
