using Brook.Cluster.Groups;
using Brook.Cluster.Network;
using Brook.Protocol.Errors;
using Brook.Protocol.Messages;
using Brook.Protocol.Primitives;

namespace Brook.Cluster.Handlers;

/// <summary>
/// JoinGroup: v0-9 (broker-semantics.md §6). v4+ joins with an empty member id get MEMBER_ID_REQUIRED and an id to
/// rejoin with (KIP-394) unless static (GroupInstanceId, v5+); the request parks until the rebalance completes
/// (the connection serves nothing else meanwhile, as Kafka mutes it). v0 has no rebalance timeout (the session
/// timeout is used). Member ids are "&lt;client id&gt;-&lt;uuid&gt;" ("member-" without a client id), as Kafka makes them.
/// </summary>
internal static class JoinGroupHandler
{
    /// <summary>Answers one JoinGroup request, possibly after the rebalance completes.</summary>
    public static async ValueTask<HandlerResult> HandleAsync(RequestContext context, ReadOnlyMemory<byte> body)
    {
        var reader = new ProtocolReader(body);
        var request = JoinGroupRequest.Read(ref reader, context.ApiVersion);
        var response = new JoinGroupResponse { MemberId = request.MemberId };
        var error = GroupChecks.Precheck(context, request.GroupId);
        if (error != ErrorCode.None)
        {
            response.ErrorCode = (short)error;
            return HandlerResult.Respond(response, request);
        }

        var protocols = new JoinProtocol[request.Protocols.Count];
        for (var i = 0; i < protocols.Length; i++)
        {
            protocols[i] = new JoinProtocol(request.Protocols[i].Name, request.Protocols[i].Metadata);
        }

        var outcome = await context.Cluster.Groups.JoinAsync(
            request.GroupId,
            request.MemberId,
            request.GroupInstanceId,
            request.ProtocolType,
            protocols,
            request.SessionTimeoutMs,
            context.ApiVersion >= 1 ? request.RebalanceTimeoutMs : -1,
            requireKnownMemberId: context.ApiVersion >= 4,
            context.ClientId,
            context.ClientHost).ConfigureAwait(false);

        response.ErrorCode = (short)outcome.Error;
        response.MemberId = outcome.MemberId;
        response.GenerationId = outcome.GenerationId;
        response.ProtocolType = outcome.ProtocolType;
        response.ProtocolName = outcome.Error == ErrorCode.None ? outcome.ProtocolName ?? string.Empty : context.ApiVersion >= 7 ? null : string.Empty;
        response.Leader = outcome.LeaderId;
        if (outcome.Members is not null)
        {
            foreach (var m in outcome.Members)
            {
                response.Members.Add(new JoinGroupResponse.JoinGroupResponseMember { MemberId = m.MemberId, GroupInstanceId = m.GroupInstanceId, Metadata = m.Metadata });
            }
        }

        return HandlerResult.Respond(response, request);
    }
}
