using Brook.Cluster.Network;
using Brook.Protocol.Messages;
using Brook.Protocol.Primitives;

namespace Brook.Cluster.Handlers;

/// <summary>
/// ListGroups: v0-5 (protocol guide "ListGroups API (Key: 16)"; v3 flexible, v4 StatesFilter and GroupState, KIP-518;
/// v5 TypesFilter and GroupType, KIP-848). Each broker lists the groups it coordinates (clients ask every broker and
/// merge). Filters compare case-insensitively, as Kafka does; every group here is "classic".
/// </summary>
internal static class ListGroupsHandler
{
    private const string ClassicType = "classic";

    /// <summary>Answers one ListGroups request.</summary>
    public static HandlerResult Handle(RequestContext context, ReadOnlyMemory<byte> body)
    {
        var reader = new ProtocolReader(body);
        var request = ListGroupsRequest.Read(ref reader, context.ApiVersion);
        var response = new ListGroupsResponse { ErrorCode = (short)context.InjectedError };
        if (context.InjectedError != Protocol.Errors.ErrorCode.None || (request.TypesFilter.Count > 0 && !Contains(request.TypesFilter, ClassicType)))
        {
            return HandlerResult.Respond(response, request);
        }

        var cluster = context.Cluster;
        var broker = context.BrokerId;
        foreach (var (groupId, protocolType, state) in cluster.Groups.ListGroups(id => cluster.CoordinatorFor(id) == broker))
        {
            if (request.StatesFilter.Count > 0 && !Contains(request.StatesFilter, state))
            {
                continue;
            }

            response.Groups.Add(new ListGroupsResponse.ListedGroup { GroupId = groupId, ProtocolType = protocolType, GroupState = state, GroupType = ClassicType });
        }

        return HandlerResult.Respond(response, request);
    }

    private static bool Contains(List<string> filter, string value)
    {
        foreach (var f in filter)
        {
            if (string.Equals(f, value, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
