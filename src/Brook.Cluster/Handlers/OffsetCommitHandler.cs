using Brook.Cluster.Groups;
using Brook.Cluster.Network;
using Brook.Protocol.Errors;
using Brook.Protocol.Messages;
using Brook.Protocol.Primitives;

namespace Brook.Cluster.Handlers;

/// <summary>
/// OffsetCommit: v2-9 (broker-semantics.md §6). Member and generation must match (v9's member epoch is read as the
/// classic generation); generation -1 with no member is a "simple" commit, accepted while the group has no members.
/// Per partition: UNKNOWN_TOPIC_OR_PARTITION for a partition that does not exist, OFFSET_METADATA_TOO_LARGE past
/// 4096 characters. RetentionTimeMs (v2-4) is ignored: offsets never expire here.
/// </summary>
internal static class OffsetCommitHandler
{
    /// <summary>Answers one OffsetCommit request.</summary>
    public static HandlerResult Handle(RequestContext context, ReadOnlyMemory<byte> body)
    {
        var reader = new ProtocolReader(body);
        var request = OffsetCommitRequest.Read(ref reader, context.ApiVersion);
        var groups = context.Cluster.Groups;
        var error = GroupChecks.Precheck(context, request.GroupId);
        if (error == ErrorCode.None)
        {
            error = groups.ValidateCommit(request.GroupId, request.GenerationIdOrMemberEpoch, request.MemberId);
        }

        var response = new OffsetCommitResponse();
        foreach (var topic in request.Topics)
        {
            var topicResponse = new OffsetCommitResponse.OffsetCommitResponseTopic { Name = topic.Name };
            foreach (var p in topic.Partitions)
            {
                var partitionError = error;
                if (partitionError == ErrorCode.None)
                {
                    if (context.Cluster.FindPartition(topic.Name, p.PartitionIndex) is null)
                    {
                        partitionError = ErrorCode.UnknownTopicOrPartition;
                    }
                    else if (p.CommittedMetadata is { Length: > GroupCoordinator.MaxMetadataLength })
                    {
                        partitionError = ErrorCode.OffsetMetadataTooLarge;
                    }
                    else
                    {
                        groups.Commit(request.GroupId, topic.Name, p.PartitionIndex, p.CommittedOffset, context.ApiVersion >= 6 ? p.CommittedLeaderEpoch : -1, p.CommittedMetadata);
                    }
                }

                topicResponse.Partitions.Add(new OffsetCommitResponse.OffsetCommitResponsePartition { PartitionIndex = p.PartitionIndex, ErrorCode = (short)partitionError });
            }

            response.Topics.Add(topicResponse);
        }

        return HandlerResult.Respond(response, request);
    }
}
