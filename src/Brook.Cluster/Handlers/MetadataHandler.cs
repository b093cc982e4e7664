using Brook.Cluster.Model;
using Brook.Cluster.Network;
using Brook.Protocol.Errors;
using Brook.Protocol.Messages;
using Brook.Protocol.Primitives;

namespace Brook.Cluster.Handlers;

/// <summary>
/// Metadata: v0-12. Lists the up brokers (a down broker is fenced and absent, as in KRaft), the cluster id and the
/// controller (the lowest up broker id), and the requested topics: all of them for a null list (v1+) or an empty one
/// (v0). Unknown topics are auto-created when both the request (v4+) and the options allow it and the name is valid,
/// else UNKNOWN_TOPIC_OR_PARTITION (INVALID_TOPIC_EXCEPTION for invalid names). A leaderless partition gets
/// LEADER_NOT_AVAILABLE. Topic ids (v10+) are filled but never required (v10/v11 by name only, protocol.md §12.5).
/// Deviation: lookup by topic id (v12) resolves ids too; unknown ids get UNKNOWN_TOPIC_ID.
/// </summary>
internal static class MetadataHandler
{
    /// <summary>Cluster id reported from v2.</summary>
    public const string ClusterId = "brook-embedded-cluster";

    /// <summary>Answers one Metadata request.</summary>
    public static HandlerResult Handle(RequestContext context, ReadOnlyMemory<byte> body)
    {
        var reader = new ProtocolReader(body);
        var request = MetadataRequest.Read(ref reader, context.ApiVersion);
        var cluster = context.Cluster;
        var response = new MetadataResponse { ClusterId = ClusterId, ControllerId = -1 };
        foreach (var broker in cluster.Brokers)
        {
            if (broker.IsUp)
            {
                response.Brokers.Add(new MetadataResponse.MetadataResponseBroker { NodeId = broker.Id, Host = broker.Host, Port = broker.Port });
                if (response.ControllerId < 0)
                {
                    response.ControllerId = broker.Id;
                }
            }
        }

        var all = request.Topics is null || (context.ApiVersion == 0 && request.Topics.Count == 0);
        if (all)
        {
            foreach (var topic in cluster.Topics.OrderBy(t => t.Name, StringComparer.Ordinal))
            {
                response.Topics.Add(Describe(topic, context));
            }

            return HandlerResult.Respond(response, request);
        }

        var autoCreate = context.ApiVersion < 4 || request.AllowAutoTopicCreation;
        foreach (var wanted in request.Topics!)
        {
            response.Topics.Add(Resolve(wanted, autoCreate, context));
        }

        return HandlerResult.Respond(response, request);
    }

    private static MetadataResponse.MetadataResponseTopic Resolve(MetadataRequest.MetadataRequestTopic wanted, bool autoCreate, RequestContext context)
    {
        var cluster = context.Cluster;
        if (wanted.Name is null)
        {
            return cluster.TryGetTopic(wanted.TopicId, out var byId)
                ? Describe(byId, context)
                : new MetadataResponse.MetadataResponseTopic { Name = null, TopicId = wanted.TopicId, ErrorCode = (short)ErrorCode.UnknownTopicId };
        }

        if (context.InjectedError != ErrorCode.None)
        {
            return new MetadataResponse.MetadataResponseTopic { Name = wanted.Name, ErrorCode = (short)context.InjectedError };
        }

        if (!ClusterState.IsValidTopicName(wanted.Name))
        {
            return new MetadataResponse.MetadataResponseTopic { Name = wanted.Name, ErrorCode = (short)ErrorCode.InvalidTopicException };
        }

        var topic = autoCreate ? cluster.GetOrAutoCreateTopic(wanted.Name) : (cluster.TryGetTopic(wanted.Name, out var t) ? t : null);
        return topic is null
            ? new MetadataResponse.MetadataResponseTopic { Name = wanted.Name, ErrorCode = (short)ErrorCode.UnknownTopicOrPartition }
            : Describe(topic, context);
    }

    private static MetadataResponse.MetadataResponseTopic Describe(TopicState topic, RequestContext context)
    {
        var result = new MetadataResponse.MetadataResponseTopic { Name = topic.Name };
        if (context.ApiVersion >= 10)
        {
            result.TopicId = topic.Id;
        }

        foreach (var partition in topic.Partitions)
        {
            var p = new MetadataResponse.MetadataResponsePartition { PartitionIndex = partition.Index };
            lock (partition.SyncRoot)
            {
                p.LeaderId = partition.LeaderId;
                p.ErrorCode = (short)(partition.LeaderId < 0 ? ErrorCode.LeaderNotAvailable : ErrorCode.None);
                if (context.ApiVersion >= 7)
                {
                    p.LeaderEpoch = partition.LeaderEpoch;
                }

                foreach (var replica in partition.Replicas)
                {
                    p.ReplicaNodes.Add(replica.BrokerId);
                    if (replica.InIsr)
                    {
                        p.IsrNodes.Add(replica.BrokerId);
                    }

                    if (context.ApiVersion >= 5 && !context.Cluster.Brokers[replica.BrokerId].IsUp)
                    {
                        p.OfflineReplicas.Add(replica.BrokerId);
                    }
                }
            }

            result.Partitions.Add(p);
        }

        return result;
    }
}
