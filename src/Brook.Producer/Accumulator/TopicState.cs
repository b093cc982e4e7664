using System.Collections.Concurrent;
using Brook.Producer.Partitioning;

namespace Brook.Producer.Accumulator;

/// <summary>Per-topic accumulator state: the partition deques and the topic's sticky partitioner (Java <c>TopicInfo</c>).</summary>
internal sealed class TopicState(string topic, BuiltInPartitioner partitioner)
{
    /// <summary>The topic.</summary>
    public string Topic { get; } = topic;

    /// <summary>Sticky/adaptive choice for records without a partition.</summary>
    public BuiltInPartitioner Partitioner { get; } = partitioner;

    /// <summary>Deques by partition, created on first use.</summary>
    public ConcurrentDictionary<int, PartitionDeque> Deques { get; } = new();

    /// <summary>The deque of <paramref name="partition"/>, created if absent.</summary>
    public PartitionDeque GetOrCreate(int partition) =>
        Deques.TryGetValue(partition, out var deque) ? deque : Deques.GetOrAdd(partition, static (p, topic) => new PartitionDeque(new TopicPartition(topic, p)), Topic);
}
