using Brook.Producer.Partitioning;

namespace Brook.Producer.Network;

/// <summary>An immutable cluster view: topics, partition leaders (with epochs) and each node's partitions.</summary>
/// <param name="Topics">Topic name to its partition facts.</param>
/// <param name="Leaders">Partition to its leader (node -1 when leaderless).</param>
/// <param name="ByNode">Node id to the partitions it leads, in a stable order.</param>
internal sealed record MetadataSnapshot(
    Dictionary<string, TopicMetadata> Topics,
    Dictionary<TopicPartition, PartitionLeader> Leaders,
    Dictionary<int, TopicPartition[]> ByNode)
{
    /// <summary>No topics, no leaders.</summary>
    public static MetadataSnapshot Empty { get; } = new(new(StringComparer.Ordinal), [], []);
}

/// <summary>A topic's partition count and available partitions.</summary>
/// <param name="Name">Topic name.</param>
/// <param name="Availability">Partition count and the partitions with a leader.</param>
internal sealed record TopicMetadata(string Name, PartitionAvailability Availability);

/// <summary>A partition's leader and leader epoch.</summary>
/// <param name="NodeId">Leader node, -1 when none.</param>
/// <param name="Epoch">Leader epoch, -1 when unknown.</param>
internal readonly record struct PartitionLeader(int NodeId, int Epoch);
