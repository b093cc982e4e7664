using Brook.Cluster.Model;
using Brook.Cluster.Network;
using Brook.Protocol.Errors;
using Brook.Protocol.Messages;
using Brook.Protocol.Primitives;

namespace Brook.Cluster.Handlers;

/// <summary>
/// CreateTopics: v0-7, on any broker (every broker acts as controller). Per topic: INVALID_TOPIC_EXCEPTION for a bad
/// name, TOPIC_ALREADY_EXISTS, INVALID_PARTITIONS (&lt; 1), INVALID_REPLICATION_FACTOR (&lt; 1 or more than the
/// brokers), INVALID_CONFIG (keys other than min.insync.replicas, retention.bytes, max.message.bytes,
/// message.timestamp.type, or bad values), INVALID_REQUEST for a name twice in one request. -1 partitions or RF
/// (v4+) take the defaults. ValidateOnly checks without creating. v5+ returns partitions, RF and configs; v7 the
/// topic id. Deviation: manual replica assignments are refused with INVALID_REPLICA_ASSIGNMENT.
/// </summary>
internal static class CreateTopicsHandler
{
    /// <summary>Answers one CreateTopics request.</summary>
    public static HandlerResult Handle(RequestContext context, ReadOnlyMemory<byte> body)
    {
        var reader = new ProtocolReader(body);
        var request = CreateTopicsRequest.Read(ref reader, context.ApiVersion);
        var response = new CreateTopicsResponse();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var duplicates = new HashSet<string>(StringComparer.Ordinal);
        foreach (var t in request.Topics)
        {
            if (!seen.Add(t.Name))
            {
                duplicates.Add(t.Name);
            }
        }

        foreach (var t in request.Topics)
        {
            var result = new CreateTopicsResponse.CreatableTopicResult { Name = t.Name };
            var (error, message) = duplicates.Contains(t.Name)
                ? (ErrorCode.InvalidRequest, $"Topic '{t.Name}' appears more than once in the request.")
                : context.InjectedError != ErrorCode.None ? (context.InjectedError, null) : Create(context, t, request.ValidateOnly, result);
            result.ErrorCode = (short)error;
            result.ErrorMessage = error == ErrorCode.None ? null : message;
            if (error != ErrorCode.None)
            {
                result.NumPartitions = -1;
                result.ReplicationFactor = -1;
                result.Configs = context.ApiVersion >= 5 ? [] : result.Configs;
            }

            response.Topics.Add(result);
        }

        return HandlerResult.Respond(response, request);
    }

    private static (ErrorCode Error, string? Message) Create(RequestContext context, CreateTopicsRequest.CreatableTopic t, bool validateOnly, CreateTopicsResponse.CreatableTopicResult result)
    {
        var cluster = context.Cluster;
        var options = cluster.Options;
        if (!ClusterState.IsValidTopicName(t.Name))
        {
            return (ErrorCode.InvalidTopicException, $"Invalid topic name '{t.Name}': use 1 to 249 characters from [a-zA-Z0-9._-], not '.' or '..'.");
        }

        if (cluster.TryGetTopic(t.Name, out _))
        {
            return (ErrorCode.TopicAlreadyExists, $"Topic '{t.Name}' already exists.");
        }

        if (t.Assignments.Count > 0)
        {
            return (ErrorCode.InvalidReplicaAssignment, "Manual replica assignments are not supported by this cluster; give NumPartitions and ReplicationFactor.");
        }

        var partitions = t.NumPartitions == -1 ? options.DefaultPartitions : t.NumPartitions;
        if (partitions < 1)
        {
            return (ErrorCode.InvalidPartitions, $"Number of partitions must be at least 1, was {t.NumPartitions}.");
        }

        var rf = t.ReplicationFactor == -1 ? Math.Min(options.DefaultReplicationFactor, cluster.Brokers.Length) : t.ReplicationFactor;
        if (rf < 1 || rf > cluster.Brokers.Length)
        {
            return (ErrorCode.InvalidReplicationFactor, $"Replication factor {t.ReplicationFactor} must be between 1 and the {cluster.Brokers.Length} brokers.");
        }

        var config = options.DefaultTopicConfig;
        var explicitKeys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var c in t.Configs)
        {
            if (!TopicConfigParser.TryApply(ref config, c.Name, c.Value, out var configError))
            {
                return (ErrorCode.InvalidConfig, configError);
            }

            explicitKeys.Add(c.Name);
        }

        var id = Guid.Empty;
        if (!validateOnly)
        {
            try
            {
                id = cluster.CreateTopic(t.Name, partitions, rf, config).Id;
            }
            catch (InvalidOperationException)
            {
                return (ErrorCode.TopicAlreadyExists, $"Topic '{t.Name}' already exists.");
            }
        }

        result.TopicId = id;
        result.NumPartitions = partitions;
        result.ReplicationFactor = (short)rf;
        if (context.ApiVersion >= 5)
        {
            result.Configs = [];
            foreach (var key in TopicConfigParser.Keys)
            {
                result.Configs.Add(new CreateTopicsResponse.CreatableTopicConfigs
                {
                    Name = key,
                    Value = TopicConfigParser.ValueOf(config, key),

                    // Kafka's ConfigSource: 1 = DYNAMIC_TOPIC_CONFIG, 5 = DEFAULT_CONFIG.
                    ConfigSource = (sbyte)(explicitKeys.Contains(key) ? 1 : 5),
                });
            }
        }

        return (ErrorCode.None, null);
    }
}
