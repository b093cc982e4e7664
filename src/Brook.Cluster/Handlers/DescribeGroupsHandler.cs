using Brook.Cluster.Network;
using Brook.Protocol.Errors;
using Brook.Protocol.Messages;
using Brook.Protocol.Primitives;

namespace Brook.Cluster.Handlers;

/// <summary>
/// DescribeGroups: v0-5 (protocol guide "DescribeGroups API (Key: 15)"; v4 adds GroupInstanceId, v5 is flexible).
/// Per group: an injected fault or NOT_COORDINATOR at any broker but the group's coordinator; an unknown group is
/// state "Dead" with no error (as Kafka answers below v6); member metadata, assignments and the protocol name only
/// while Stable (Kafka's GroupSummary). AuthorizedOperations (v3+, when asked): READ, DELETE and DESCRIBE, as an
/// ACL-less Kafka grants; INT32_MIN otherwise.
/// </summary>
internal static class DescribeGroupsHandler
{
    /// <summary>Kafka's AclOperation codes READ (3), DELETE (6) and DESCRIBE (8) as a bit field.</summary>
    private const int GroupOperations = (1 << 3) | (1 << 6) | (1 << 8);

    /// <summary>Answers one DescribeGroups request.</summary>
    public static HandlerResult Handle(RequestContext context, ReadOnlyMemory<byte> body)
    {
        var reader = new ProtocolReader(body);
        var request = DescribeGroupsRequest.Read(ref reader, context.ApiVersion);
        var response = new DescribeGroupsResponse();
        foreach (var groupId in request.Groups)
        {
            var answer = new DescribeGroupsResponse.DescribedGroup { GroupId = groupId };
            var error = GroupChecks.Precheck(context, groupId);
            if (error != ErrorCode.None)
            {
                answer.ErrorCode = (short)error;
                response.Groups.Add(answer);
                continue;
            }

            var group = context.Cluster.Groups.DescribeGroup(groupId);
            answer.GroupState = group.State;
            answer.ProtocolType = group.ProtocolType;
            answer.ProtocolData = group.Protocol;
            if (request.IncludeAuthorizedOperations)
            {
                answer.AuthorizedOperations = GroupOperations;
            }

            foreach (var m in group.Members)
            {
                answer.Members.Add(new DescribeGroupsResponse.DescribedGroupMember
                {
                    MemberId = m.MemberId,
                    GroupInstanceId = m.GroupInstanceId,
                    ClientId = m.ClientId,
                    ClientHost = m.ClientHost,
                    MemberMetadata = m.Metadata,
                    MemberAssignment = m.Assignment,
                });
            }

            response.Groups.Add(answer);
        }

        return HandlerResult.Respond(response, request);
    }
}
