namespace Brook.Producer.Partitioning;

/// <summary>
/// What the partitioner needs to know about a topic from metadata: how many partitions it has and which of them
/// currently have a leader. The array is owned by the metadata snapshot and never mutated.
/// </summary>
/// <param name="PartitionCount">All partitions, including leaderless ones.</param>
/// <param name="AvailablePartitions">Partitions with a known leader, ascending.</param>
internal readonly record struct PartitionAvailability(int PartitionCount, int[] AvailablePartitions);
