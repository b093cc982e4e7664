namespace Brook.Cluster.Model;

/// <summary>
/// Kafka's rack-unaware replica placement: partition p's first replica is broker (p + start) mod n, the rest follow
/// it at a shift that grows by one every n partitions, so leaders and followers spread evenly over the brokers.
/// </summary>
internal static class ReplicaAssignment
{
    /// <summary>
    /// Returns, per partition, the broker ids of its replicas (the first is the preferred leader).
    /// <paramref name="startIndex"/> and <paramref name="startShift"/> are Kafka's random starting points; pass them
    /// from the cluster's seeded random source.
    /// </summary>
    /// <exception cref="ArgumentException">Replication factor above the broker count, or a non-positive size.</exception>
    public static int[][] Assign(int partitions, int replicationFactor, int brokerCount, int startIndex, int startShift)
    {
        if (partitions < 1)
        {
            throw new ArgumentException($"A topic needs at least one partition, got {partitions}.", nameof(partitions));
        }

        if (replicationFactor < 1 || replicationFactor > brokerCount)
        {
            throw new ArgumentException(
                $"Replication factor {replicationFactor} is invalid for a cluster of {brokerCount} broker(s): use 1..{brokerCount}.",
                nameof(replicationFactor));
        }

        var result = new int[partitions][];
        var shift = startShift;
        for (var p = 0; p < partitions; p++)
        {
            if (p > 0 && p % brokerCount == 0)
            {
                shift++;
            }

            var first = (p + startIndex) % brokerCount;
            var replicas = new int[replicationFactor];
            replicas[0] = first;
            for (var j = 0; j < replicationFactor - 1; j++)
            {
                replicas[j + 1] = brokerCount == 1 ? first : (first + 1 + ((shift + j) % (brokerCount - 1))) % brokerCount;
            }

            result[p] = replicas;
        }

        return result;
    }
}
