using System.Collections.Frozen;
using Brook.Producer.Network;

namespace Brook.Producer.Metadata;

/// <summary>
/// An immutable snapshot of the cluster (brokers, topics, partition leaders) swapped atomically by
/// <see cref="MetadataManager"/>, so the hot path reads it without locks. A newer snapshot never mutates an older one.
/// It is also the accumulator's view (<see cref="Accumulator.IAccumulatorMetadata"/>): the sender takes one snapshot per pass so
/// the ready check and the drain agree on the leaders.
/// </summary>
internal sealed partial class ClusterView
{
    /// <summary>The view before any Metadata response.</summary>
    public static readonly ClusterView Empty = new(
        FrozenDictionary<int, BrokerNode>.Empty, FrozenDictionary<string, TopicMetadata>.Empty, null, -1, 0);

    /// <summary>Creates a snapshot.</summary>
    public ClusterView(
        FrozenDictionary<int, BrokerNode> brokers,
        FrozenDictionary<string, TopicMetadata> topics,
        string? clusterId,
        int controllerId,
        long updatedTimestamp)
    {
        Brokers = brokers;
        Topics = topics;
        ClusterId = clusterId;
        ControllerId = controllerId;
        UpdatedTimestamp = updatedTimestamp;
        _byNode = GroupByLeader(topics);
    }

    /// <summary>Brokers by node id.</summary>
    public FrozenDictionary<int, BrokerNode> Brokers { get; }

    /// <summary>Topics by name (only those the producer asked for).</summary>
    public FrozenDictionary<string, TopicMetadata> Topics { get; }

    /// <summary>Cluster id (Metadata v2+), if any.</summary>
    public string? ClusterId { get; }

    /// <summary>Controller id, or -1.</summary>
    public int ControllerId { get; }

    /// <summary>TimeProvider timestamp of the response this view came from (0 for <see cref="Empty"/>).</summary>
    public long UpdatedTimestamp { get; }

    /// <summary>The topic's metadata, if the view has it.</summary>
    public bool TryGetTopic(string topic, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out TopicMetadata? metadata) =>
        Topics.TryGetValue(topic, out metadata);

    /// <summary>The partition count of <paramref name="topic"/>, or -1 when unknown.</summary>
    public int PartitionCount(string topic) => Topics.TryGetValue(topic, out var t) ? t.PartitionCount : -1;

    /// <summary>The leader of a partition, or null when unknown or leaderless.</summary>
    public BrokerNode? Leader(string topic, int partition)
    {
        if (Topics.TryGetValue(topic, out var t) && (uint)partition < (uint)t.Partitions.Length
            && t.Partitions[partition].LeaderId is var id and >= 0 && Brokers.TryGetValue(id, out var node))
        {
            return node;
        }

        return null;
    }

    /// <summary>Returns a copy with one partition's leader replaced (KIP-951 hint) and extra brokers added; the age is unchanged.</summary>
    public ClusterView WithLeader(string topic, int partition, int leaderId, int leaderEpoch, IEnumerable<BrokerNode> extraBrokers)
    {
        var brokers = new Dictionary<int, BrokerNode>(Brokers);
        foreach (var broker in extraBrokers)
        {
            brokers[broker.NodeId] = broker;
        }

        var topics = new Dictionary<string, TopicMetadata>(Topics);
        if (topics.TryGetValue(topic, out var t) && (uint)partition < (uint)t.Partitions.Length)
        {
            var partitions = (PartitionMetadata[])t.Partitions.Clone();
            partitions[partition] = partitions[partition] with { LeaderId = leaderId, LeaderEpoch = leaderEpoch, Error = Brook.Protocol.Errors.ErrorCode.None };
            topics[topic] = t with { Partitions = partitions, AvailablePartitions = MetadataManager.Available(partitions) };
        }

        return new ClusterView(brokers.ToFrozenDictionary(), topics.ToFrozenDictionary(StringComparer.Ordinal), ClusterId, ControllerId, UpdatedTimestamp);
    }
}
