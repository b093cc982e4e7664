namespace Brook.Producer.Partitioning;

/// <summary>Adaptive-partitioning weights: a cumulative frequency table over candidate partitions (KIP-794).</summary>
/// <param name="CumulativeFrequencies">Running sums of <c>max + 1 - queueSize</c>.</param>
/// <param name="PartitionIds">The partition of each entry.</param>
/// <param name="Length">How many entries are valid.</param>
internal sealed record PartitionLoadStats(int[] CumulativeFrequencies, int[] PartitionIds, int Length);
