namespace Brook.Cluster.Model;

internal sealed partial class ClusterState
{
    /// <summary>
    /// Deletes a topic: it leaves both lookups, its partitions turn leaderless (parked requests fail with
    /// NOT_LEADER_OR_FOLLOWER) and the groups' committed offsets for it are dropped. The log chunks are left to the
    /// garbage collector, not the pool: a request that looked the partition up just before may still read them.
    /// </summary>
    public bool DeleteTopic(string name)
    {
        TopicState? topic;
        lock (_adminLock)
        {
            if (!_topics.TryRemove(name, out topic))
            {
                return false;
            }

            _topicsById.TryRemove(topic.Id, out _);
            foreach (var partition in topic.Partitions)
            {
                partition.ChangeLeader(-1);
            }
        }

        Volatile.Read(ref _groups)?.RemoveTopicOffsets(name);
        return true;
    }
}
