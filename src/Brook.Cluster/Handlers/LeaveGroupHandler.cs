using Brook.Cluster.Network;
using Brook.Protocol.Errors;
using Brook.Protocol.Messages;
using Brook.Protocol.Primitives;

namespace Brook.Cluster.Handlers;

/// <summary>
/// LeaveGroup: v0-5. v0-2 remove one member by id; v3+ remove a batch (by member id or static instance id), with a
/// per-member error and a top-level error that is NONE unless the request as a whole failed.
/// </summary>
internal static class LeaveGroupHandler
{
    /// <summary>Answers one LeaveGroup request.</summary>
    public static HandlerResult Handle(RequestContext context, ReadOnlyMemory<byte> body)
    {
        var reader = new ProtocolReader(body);
        var request = LeaveGroupRequest.Read(ref reader, context.ApiVersion);
        var response = new LeaveGroupResponse();
        var error = GroupChecks.Precheck(context, request.GroupId);
        if (error != ErrorCode.None)
        {
            response.ErrorCode = (short)error;
        }
        else if (context.ApiVersion < 3)
        {
            response.ErrorCode = (short)context.Cluster.Groups.Leave(request.GroupId, request.MemberId, null);
        }
        else
        {
            foreach (var m in request.Members)
            {
                var memberError = context.Cluster.Groups.Leave(request.GroupId, m.MemberId, m.GroupInstanceId);
                response.Members.Add(new LeaveGroupResponse.MemberResponse { MemberId = m.MemberId, GroupInstanceId = m.GroupInstanceId, ErrorCode = (short)memberError });
            }
        }

        return HandlerResult.Respond(response, request);
    }
}
