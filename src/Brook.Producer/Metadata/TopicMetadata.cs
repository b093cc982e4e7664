using Brook.Protocol.Errors;

namespace Brook.Producer.Metadata;

/// <summary>One topic in a <see cref="ClusterView"/>: its partitions by index (dense, 0..Count-1) and its error.</summary>
/// <param name="Name">Topic name.</param>
/// <param name="Error">Topic-level error (UNKNOWN_TOPIC_OR_PARTITION, TOPIC_AUTHORIZATION_FAILED, ...), None when usable.</param>
/// <param name="Partitions">Partitions indexed by partition number.</param>
/// <param name="AvailablePartitions">Indexes of the partitions that have a leader, ascending.</param>
internal sealed record TopicMetadata(string Name, ErrorCode Error, PartitionMetadata[] Partitions, int[] AvailablePartitions)
{
    /// <summary>Number of partitions (leaderless included), the n of the partitioner.</summary>
    public int PartitionCount => Partitions.Length;

    /// <summary>True when the topic exists and has partitions.</summary>
    public bool IsUsable => Error == ErrorCode.None && Partitions.Length > 0;
}
