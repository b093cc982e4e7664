using Brook.Cluster.Model;
using Brook.Cluster.Network;
using Brook.Protocol;

namespace Brook.Cluster.Handlers;

/// <summary>
/// The APIs this cluster serves and their dispatch. Only implemented APIs are advertised in ApiVersions (an advertised
/// API a client then uses and gets disconnected on is worse than an absent one), each at the range of
/// <see cref="SupportedApis"/> capped by <see cref="EmbeddedClusterOptions.FlexibleVersions"/>,
/// <see cref="EmbeddedClusterOptions.MaxApiVersions"/> and <see cref="Faults.RequestFaults.CapVersion"/>.
/// </summary>
internal static class RequestHandlers
{
    /// <summary>Implemented API keys, in ApiVersions order.</summary>
    public static readonly ApiKey[] Implemented = [ApiKey.ApiVersions, ApiKey.Metadata, ApiKey.Produce, ApiKey.Fetch, ApiKey.ListOffsets, ApiKey.OffsetForLeaderEpoch, ApiKey.InitProducerId,
        ApiKey.FindCoordinator, ApiKey.JoinGroup, ApiKey.SyncGroup, ApiKey.Heartbeat, ApiKey.LeaveGroup, ApiKey.OffsetCommit, ApiKey.OffsetFetch, ApiKey.DescribeGroups, ApiKey.ListGroups,
        ApiKey.AddPartitionsToTxn, ApiKey.AddOffsetsToTxn, ApiKey.EndTxn, ApiKey.TxnOffsetCommit,
        ApiKey.CreateTopics, ApiKey.DeleteTopics];

    /// <summary>The advertised range of an implemented API after version caps; false for anything else.</summary>
    public static bool TryGetRange(ClusterState cluster, ApiKey key, out ApiVersionRange range)
    {
        if (Array.IndexOf(Implemented, key) < 0 || !SupportedApis.TryGet(key, out range))
        {
            range = default;
            return false;
        }

        var max = range.MaxVersion;
        var options = cluster.Options;
        if (!options.FlexibleVersions && range.FlexibleFrom > range.MinAcceptedVersion)
        {
            max = (short)Math.Min(max, range.FlexibleFrom - 1);
        }

        if (options.MaxApiVersions.TryGetValue(key, out var cap))
        {
            max = Math.Max(Math.Min(max, cap), range.MinAcceptedVersion);
        }

        range = range with { MaxVersion = cluster.Faults.MaxVersion((short)key, max) };
        return true;
    }

    /// <summary>Parses the body and runs the handler of <see cref="RequestContext.ApiKey"/>.</summary>
    public static ValueTask<HandlerResult> HandleAsync(RequestContext context, ReadOnlyMemory<byte> body) => context.ApiKey switch
    {
        ApiKey.ApiVersions => new(ApiVersionsHandler.Handle(context, body)),
        ApiKey.Metadata => new(MetadataHandler.Handle(context, body)),
        ApiKey.Produce => ProduceHandler.HandleAsync(context, body),
        ApiKey.Fetch => FetchHandler.HandleAsync(context, body),
        ApiKey.ListOffsets => new(ListOffsetsHandler.Handle(context, body)),
        ApiKey.OffsetForLeaderEpoch => new(OffsetForLeaderEpochHandler.Handle(context, body)),
        ApiKey.InitProducerId => new(InitProducerIdHandler.Handle(context, body)),
        ApiKey.FindCoordinator => new(FindCoordinatorHandler.Handle(context, body)),
        ApiKey.JoinGroup => JoinGroupHandler.HandleAsync(context, body),
        ApiKey.SyncGroup => SyncGroupHandler.HandleAsync(context, body),
        ApiKey.Heartbeat => new(HeartbeatHandler.Handle(context, body)),
        ApiKey.LeaveGroup => new(LeaveGroupHandler.Handle(context, body)),
        ApiKey.OffsetCommit => new(OffsetCommitHandler.Handle(context, body)),
        ApiKey.OffsetFetch => new(OffsetFetchHandler.Handle(context, body)),
        ApiKey.DescribeGroups => new(DescribeGroupsHandler.Handle(context, body)),
        ApiKey.ListGroups => new(ListGroupsHandler.Handle(context, body)),
        ApiKey.AddPartitionsToTxn => new(AddPartitionsToTxnHandler.Handle(context, body)),
        ApiKey.AddOffsetsToTxn => new(AddOffsetsToTxnHandler.Handle(context, body)),
        ApiKey.EndTxn => new(EndTxnHandler.Handle(context, body)),
        ApiKey.TxnOffsetCommit => new(TxnOffsetCommitHandler.Handle(context, body)),
        ApiKey.CreateTopics => new(CreateTopicsHandler.Handle(context, body)),
        ApiKey.DeleteTopics => new(DeleteTopicsHandler.Handle(context, body)),
        _ => new(HandlerResult.Close),
    };
}
