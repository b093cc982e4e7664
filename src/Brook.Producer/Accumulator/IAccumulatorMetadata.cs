using Brook.Producer.Partitioning;

namespace Brook.Producer.Accumulator;

/// <summary>The view of cluster metadata the accumulator needs (Java passes a <c>Cluster</c> / <c>MetadataSnapshot</c>).</summary>
internal interface IAccumulatorMetadata
{
    /// <summary>Partition count and leader-available partitions of a topic (count 0 when unknown).</summary>
    PartitionAvailability GetAvailability(string topic);

    /// <summary>The leader node of a partition and its leader epoch (-1 when the epoch is unknown), if known.</summary>
    bool TryGetLeader(TopicPartition topicPartition, out int nodeId, out int leaderEpoch);

    /// <summary>The partitions a node leads, in a stable order (used for round-robin draining).</summary>
    IReadOnlyList<TopicPartition> PartitionsForNode(int nodeId);
}
