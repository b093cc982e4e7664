using Brook.Producer.Network;
using Brook.Protocol.Errors;
using Brook.Protocol.Messages;

namespace Brook.Producer.Metadata;

internal sealed partial class MetadataManager
{
    /// <summary>
    /// KIP-951 (producer-algorithms.md §8): moves one partition's leader to <paramref name="leaderId"/> when both id and
    /// epoch are set and the epoch is newer than the cached one; adds <paramref name="endpoints"/> as known nodes.
    /// Returns true when the view changed.
    /// </summary>
    public bool ApplyLeaderHint(string topic, int partition, int leaderId, int leaderEpoch, IReadOnlyList<BrokerNode> endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        if (leaderId < 0 || leaderEpoch < 0)
        {
            return false;
        }

        ClusterView next;
        lock (_lock)
        {
            var view = _view;
            if (!view.TryGetTopic(topic, out var t) || (uint)partition >= (uint)t.Partitions.Length
                || t.Partitions[partition].LeaderEpoch >= leaderEpoch)
            {
                return false;
            }

            var hasNode = view.Brokers.ContainsKey(leaderId);
            foreach (var endpoint in endpoints)
            {
                hasNode |= endpoint.NodeId == leaderId;
            }

            if (!hasNode)
            {
                return false; // a leader we cannot address: wait for the metadata refresh
            }

            next = view.WithLeader(topic, partition, leaderId, leaderEpoch, endpoints);
        }

        _transport.AddNodes(endpoints);
        Publish(next);
        return true;
    }

    /// <summary>
    /// Applies a Produce response's leader hints (NOT_LEADER_OR_FOLLOWER / FENCED_LEADER_EPOCH with CurrentLeader, v10+)
    /// and requests a refresh for every partition error that calls for one (§7 table). Returns true when any error asked
    /// for new metadata.
    /// </summary>
    public bool ApplyProduceResponse(ProduceResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        List<BrokerNode>? endpoints = null;
        var refresh = false;
        foreach (var topic in response.Responses)
        {
            foreach (var partition in topic.PartitionResponses)
            {
                var error = (ErrorCode)partition.ErrorCode;
                if (!NeedsMetadata(error))
                {
                    continue;
                }

                refresh = true;
                if (error is ErrorCode.NotLeaderOrFollower or ErrorCode.FencedLeaderEpoch)
                {
                    endpoints ??= Endpoints(response);
                    ApplyLeaderHint(topic.Name, partition.Index, partition.CurrentLeader.LeaderId, partition.CurrentLeader.LeaderEpoch, endpoints);
                }
            }
        }

        if (refresh)
        {
            RequestUpdate();
        }

        return refresh;
    }

    /// <summary>Produce partition errors that mean the cached leader or topic is stale (producer-algorithms.md §7).</summary>
    public static bool NeedsMetadata(ErrorCode error) => error is ErrorCode.NotLeaderOrFollower
        or ErrorCode.LeaderNotAvailable or ErrorCode.UnknownTopicOrPartition or ErrorCode.KafkaStorageError
        or ErrorCode.NetworkException or ErrorCode.FencedLeaderEpoch;

    private static List<BrokerNode> Endpoints(ProduceResponse response)
    {
        var list = new List<BrokerNode>(response.NodeEndpoints.Count);
        foreach (var e in response.NodeEndpoints)
        {
            list.Add(new BrokerNode(e.NodeId, e.Host, e.Port, e.Rack));
        }

        return list;
    }
}
