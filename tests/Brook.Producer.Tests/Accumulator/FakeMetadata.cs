using Brook.Producer.Accumulator;
using Brook.Producer.Partitioning;

namespace Brook.Producer.Tests.Accumulator;

/// <summary>A fixed cluster view: partition counts and leaders set by the test.</summary>
internal sealed class FakeMetadata : IAccumulatorMetadata
{
    private readonly Dictionary<string, int> _partitionCounts = new(StringComparer.Ordinal);
    private readonly Dictionary<TopicPartition, int> _leaders = [];
    private readonly Dictionary<TopicPartition, int> _epochs = [];

    public void SetLeaderEpoch(TopicPartition tp, int epoch) => _epochs[tp] = epoch;

    public FakeMetadata Topic(string topic, int partitions, params int[] leaders)
    {
        _partitionCounts[topic] = partitions;
        for (var p = 0; p < partitions; p++)
        {
            var leader = leaders.Length == 0 ? 0 : leaders[p % leaders.Length];
            if (leader >= 0)
            {
                _leaders[new TopicPartition(topic, p)] = leader;
            }
        }

        return this;
    }

    public void RemoveLeader(TopicPartition tp) => _leaders.Remove(tp);

    public PartitionAvailability GetAvailability(string topic) =>
        new(_partitionCounts.GetValueOrDefault(topic), _leaders.Keys.Where(k => k.Topic == topic).Select(k => k.Partition.Value).Order().ToArray());

    public bool TryGetLeader(TopicPartition topicPartition, out int nodeId, out int leaderEpoch)
    {
        leaderEpoch = _epochs.GetValueOrDefault(topicPartition, -1);
        return _leaders.TryGetValue(topicPartition, out nodeId);
    }

    public IReadOnlyList<TopicPartition> PartitionsForNode(int nodeId) =>
        _leaders.Where(kv => kv.Value == nodeId).Select(kv => kv.Key).OrderBy(k => k.Topic, StringComparer.Ordinal).ThenBy(k => k.Partition.Value).ToList();
}
