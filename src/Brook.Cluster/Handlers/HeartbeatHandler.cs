using Brook.Cluster.Network;
using Brook.Protocol.Errors;
using Brook.Protocol.Messages;
using Brook.Protocol.Primitives;

namespace Brook.Cluster.Handlers;

/// <summary>
/// Heartbeat: v0-4. NONE while Stable (or waiting for SyncGroup), REBALANCE_IN_PROGRESS while members must rejoin,
/// UNKNOWN_MEMBER_ID / ILLEGAL_GENERATION for a stale member; a heartbeat extends the member's session.
/// </summary>
internal static class HeartbeatHandler
{
    /// <summary>Answers one Heartbeat request.</summary>
    public static HandlerResult Handle(RequestContext context, ReadOnlyMemory<byte> body)
    {
        var reader = new ProtocolReader(body);
        var request = HeartbeatRequest.Read(ref reader, context.ApiVersion);
        var error = GroupChecks.Precheck(context, request.GroupId);
        if (error == ErrorCode.None)
        {
            error = context.Cluster.Groups.Heartbeat(request.GroupId, request.GenerationId, request.MemberId);
        }

        return HandlerResult.Respond(new HeartbeatResponse { ErrorCode = (short)error }, request);
    }
}
