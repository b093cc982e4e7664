using System.Collections.Frozen;
using Brook.Producer.Accumulator;
using Brook.Producer.Partitioning;

namespace Brook.Producer.Metadata;

internal sealed partial class ClusterView : IAccumulatorMetadata
{
    private readonly FrozenDictionary<int, TopicPartition[]> _byNode;

    /// <inheritdoc />
    public PartitionAvailability GetAvailability(string topic) =>
        Topics.TryGetValue(topic, out var t) ? new PartitionAvailability(t.PartitionCount, t.AvailablePartitions) : default;

    /// <inheritdoc />
    public bool TryGetLeader(TopicPartition topicPartition, out int nodeId, out int leaderEpoch)
    {
        if (Topics.TryGetValue(topicPartition.Topic, out var t) && (uint)topicPartition.Partition.Value < (uint)t.Partitions.Length
            && t.Partitions[topicPartition.Partition.Value] is { LeaderId: >= 0 } p)
        {
            nodeId = p.LeaderId;
            leaderEpoch = p.LeaderEpoch;
            return true;
        }

        nodeId = -1;
        leaderEpoch = -1;
        return false;
    }

    /// <inheritdoc />
    public IReadOnlyList<TopicPartition> PartitionsForNode(int nodeId) =>
        _byNode.TryGetValue(nodeId, out var partitions) ? partitions : [];

    /// <summary>The cached leader epoch of a partition, or -1 when unknown.</summary>
    public int LeaderEpoch(TopicPartition topicPartition) =>
        Topics.TryGetValue(topicPartition.Topic, out var t) && (uint)topicPartition.Partition.Value < (uint)t.Partitions.Length
            ? t.Partitions[topicPartition.Partition.Value].LeaderEpoch
            : -1;

    // Built once per snapshot (refresh or hint), so draining a node never allocates or sorts.
    private static FrozenDictionary<int, TopicPartition[]> GroupByLeader(FrozenDictionary<string, TopicMetadata> topics)
    {
        if (topics.Count == 0)
        {
            return FrozenDictionary<int, TopicPartition[]>.Empty;
        }

        var byNode = new Dictionary<int, List<TopicPartition>>();
        foreach (var name in SortedNames(topics))
        {
            foreach (var partition in topics[name].Partitions)
            {
                if (partition.LeaderId < 0)
                {
                    continue;
                }

                if (!byNode.TryGetValue(partition.LeaderId, out var list))
                {
                    byNode[partition.LeaderId] = list = [];
                }

                list.Add(new TopicPartition(name, partition.Partition));
            }
        }

        var frozen = new Dictionary<int, TopicPartition[]>(byNode.Count);
        foreach (var (node, list) in byNode)
        {
            frozen[node] = [.. list];
        }

        return frozen.ToFrozenDictionary();
    }

    private static string[] SortedNames(FrozenDictionary<string, TopicMetadata> topics)
    {
        var names = new string[topics.Count];
        topics.Keys.CopyTo(names, 0);
        Array.Sort(names, StringComparer.Ordinal);
        return names;
    }
}
