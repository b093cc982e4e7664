namespace Brook.Cluster.Model;

/// <summary>A topic: name, id, config and partitions. Partitions are fixed once created.</summary>
internal sealed class TopicState
{
    public TopicState(ClusterState cluster, string name, Guid id, TopicConfig config, int[][] assignment)
    {
        Name = name;
        Id = id;
        Config = config;
        Partitions = new PartitionState[assignment.Length];
        for (var p = 0; p < assignment.Length; p++)
        {
            Partitions[p] = new PartitionState(cluster, this, p, assignment[p]);
        }
    }

    /// <summary>Topic name.</summary>
    public string Name { get; }

    /// <summary>Topic id (KIP-516), never all zeros.</summary>
    public Guid Id { get; }

    /// <summary>Topic config; replaced as a whole (an immutable record), read without locks.</summary>
    public TopicConfig Config { get; set; }

    /// <summary>Partitions by index.</summary>
    public PartitionState[] Partitions { get; }

    /// <summary>Replication factor.</summary>
    public int ReplicationFactor => Partitions[0].Replicas.Length;

    /// <summary>min(min.insync.replicas, replication factor) (broker-semantics.md §4).</summary>
    public int EffectiveMinIsr => Math.Min(Config.MinInsyncReplicas, ReplicationFactor);
}
