using Brook.Producer.Partitioning;
using Brook.Protocol.Errors;
using Brook.Protocol.Messages;

namespace Brook.Producer.Network;

internal sealed partial class ProducerMetadata
{
    /// <summary>
    /// Applies a Metadata response (sender thread): builds a new snapshot, releases topic waiters, fails waiters of
    /// topics rejected for good. A leader missing from the response's broker list counts as no leader. Topics still being
    /// created or without a leader everywhere, topics in use that the response does not describe (added
    /// while the request was in flight) and update requests made after <see cref="BuildRequest"/> keep the refresh
    /// requested. Returns the brokers.
    /// </summary>
    public List<BrokerNode> Update(MetadataResponse response, long nowMs)
    {
        ArgumentNullException.ThrowIfNull(response);
        var brokers = new List<BrokerNode>(response.Brokers.Count);
        var brokerIds = new HashSet<int>();
        foreach (var broker in response.Brokers)
        {
            brokers.Add(new BrokerNode(broker.NodeId, broker.Host, broker.Port, broker.Rack));
            brokerIds.Add(broker.NodeId);
        }

        var old = _snapshot;
        var topics = new Dictionary<string, TopicMetadata>(old.Topics, StringComparer.Ordinal);
        var leaders = new Dictionary<TopicPartition, PartitionLeader>(old.Leaders);
        var retry = false;
        List<(string Topic, ErrorCode Code)>? rejected = null;
        foreach (var topic in response.Topics)
        {
            var name = topic.Name ?? string.Empty;
            var code = (ErrorCode)topic.ErrorCode;
            if (code != ErrorCode.None)
            {
                if (code is ErrorCode.TopicAuthorizationFailed or ErrorCode.InvalidTopicException)
                {
                    (rejected ??= []).Add((name, code));
                }

                retry = true;
                continue;
            }

            foreach (var key in leaders.Keys.Where(k => k.Topic == name).ToList())
            {
                leaders.Remove(key);
            }

            var count = 0;
            var available = new List<int>();
            foreach (var partition in topic.Partitions)
            {
                count = Math.Max(count, partition.PartitionIndex + 1);
                // A leader the response does not list among its brokers cannot be reached (librdkafka's mock names a
                // down broker as leader but leaves it out of the broker list): unknown, like Java's Cluster, so the
                // refresh stays requested until the broker is back or leadership moves.
                var leaderId = (ErrorCode)partition.ErrorCode == ErrorCode.LeaderNotAvailable || !brokerIds.Contains(partition.LeaderId)
                    ? -1
                    : partition.LeaderId;
                leaders[new TopicPartition(name, partition.PartitionIndex)] = new PartitionLeader(leaderId, partition.LeaderEpoch);
                if (leaderId >= 0)
                {
                    available.Add(partition.PartitionIndex);
                }
                else
                {
                    retry = true;
                }
            }

            available.Sort();
            topics[name] = new TopicMetadata(name, new PartitionAvailability(count, [.. available]));
        }

        Publish(topics, leaders);
        List<TaskCompletionSource>? ready = null;
        lock (_lock)
        {
            Volatile.Write(ref _lastRefreshMs, nowMs);
            var requestedSince = _sentVersion >= 0 && Interlocked.Read(ref _requestVersion) != _sentVersion;
            _sentVersion = -1;
            foreach (var name in _topics)
            {
                retry |= !topics.ContainsKey(name);
            }

            _updateRequested = retry || requestedSince;
            foreach (var (name, info) in topics)
            {
                if (info.Availability.PartitionCount > 0 && _waiters.Remove(name, out var waiter))
                {
                    (ready ??= []).Add(waiter);
                }
            }
        }

        if (ready is not null)
        {
            foreach (var waiter in ready)
            {
                waiter.TrySetResult();
            }
        }

        if (rejected is not null)
        {
            foreach (var (name, code) in rejected)
            {
                FailWaiter(name, TopicError(name, code));
            }
        }

        return brokers;
    }

    /// <summary>
    /// KIP-951: a Produce response named a new leader. Applied only when the epoch is newer than the cached one.
    /// Returns true when the cached leader changed.
    /// </summary>
    public bool TryUpdateLeader(TopicPartition topicPartition, int leaderId, int leaderEpoch)
    {
        if (leaderId < 0 || leaderEpoch < 0)
        {
            return false;
        }

        var old = _snapshot;
        if (old.Leaders.TryGetValue(topicPartition, out var current) && current.Epoch >= leaderEpoch)
        {
            return false;
        }

        var leaders = new Dictionary<TopicPartition, PartitionLeader>(old.Leaders)
        {
            [topicPartition] = new PartitionLeader(leaderId, leaderEpoch),
        };
        var topics = new Dictionary<string, TopicMetadata>(old.Topics, StringComparer.Ordinal);
        if (topics.TryGetValue(topicPartition.Topic, out var info) && Array.IndexOf(info.Availability.AvailablePartitions, (int)topicPartition.Partition) < 0)
        {
            int[] available = [.. info.Availability.AvailablePartitions, topicPartition.Partition];
            Array.Sort(available);
            topics[topicPartition.Topic] = info with { Availability = new PartitionAvailability(info.Availability.PartitionCount, available) };
        }

        Publish(topics, leaders);
        return true;
    }

    /// <summary>Marks a topic as in use so it is part of every refresh.</summary>
    public void Add(string topic)
    {
        lock (_lock)
        {
            if (_topics.Add(topic))
            {
                Interlocked.Increment(ref _requestVersion);
                _updateRequested = true;
            }
        }
    }

    private void Publish(Dictionary<string, TopicMetadata> topics, Dictionary<TopicPartition, PartitionLeader> leaders)
    {
        var byNode = new Dictionary<int, List<TopicPartition>>();
        foreach (var (tp, leader) in leaders)
        {
            if (leader.NodeId < 0)
            {
                continue;
            }

            if (!byNode.TryGetValue(leader.NodeId, out var list))
            {
                byNode[leader.NodeId] = list = [];
            }

            list.Add(tp);
        }

        var frozen = new Dictionary<int, TopicPartition[]>(byNode.Count);
        foreach (var (node, list) in byNode)
        {
            list.Sort(static (a, b) => a.Topic == b.Topic ? a.Partition.Value.CompareTo(b.Partition.Value) : string.CompareOrdinal(a.Topic, b.Topic));
            frozen[node] = [.. list];
        }

        _snapshot = new MetadataSnapshot(topics, leaders, frozen);
    }
}
