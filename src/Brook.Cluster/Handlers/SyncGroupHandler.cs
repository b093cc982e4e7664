using Brook.Cluster.Network;
using Brook.Protocol.Errors;
using Brook.Protocol.Messages;
using Brook.Protocol.Primitives;

namespace Brook.Cluster.Handlers;

/// <summary>
/// SyncGroup: v0-5. The leader's assignments reach every member; a follower's request parks until they arrive.
/// v5 checks ProtocolType/ProtocolName against the group (INCONSISTENT_GROUP_PROTOCOL) and echoes them.
/// </summary>
internal static class SyncGroupHandler
{
    /// <summary>Answers one SyncGroup request, possibly after the leader's arrives.</summary>
    public static async ValueTask<HandlerResult> HandleAsync(RequestContext context, ReadOnlyMemory<byte> body)
    {
        var reader = new ProtocolReader(body);
        var request = SyncGroupRequest.Read(ref reader, context.ApiVersion);
        var response = new SyncGroupResponse();
        var error = GroupChecks.Precheck(context, request.GroupId);
        if (error != ErrorCode.None)
        {
            response.ErrorCode = (short)error;
            return HandlerResult.Respond(response, request);
        }

        var assignments = new (string, byte[])[request.Assignments.Count];
        for (var i = 0; i < assignments.Length; i++)
        {
            assignments[i] = (request.Assignments[i].MemberId, request.Assignments[i].Assignment);
        }

        var outcome = await context.Cluster.Groups.SyncAsync(request.GroupId, request.GenerationId, request.MemberId, request.ProtocolType, request.ProtocolName, assignments).ConfigureAwait(false);
        response.ErrorCode = (short)outcome.Error;
        response.Assignment = outcome.Assignment;
        response.ProtocolType = outcome.ProtocolType;
        response.ProtocolName = outcome.ProtocolName;
        return HandlerResult.Respond(response, request);
    }
}
