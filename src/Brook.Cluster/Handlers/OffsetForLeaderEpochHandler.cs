using Brook.Cluster.Network;
using Brook.Protocol.Errors;
using Brook.Protocol.Messages;
using Brook.Protocol.Primitives;

namespace Brook.Cluster.Handlers;

/// <summary>
/// OffsetForLeaderEpoch: v2-4 (KIP-101, KIP-320 consumer truncation check; protocol guide "OffsetForLeaderEpoch API
/// (Key: 23)"). Per partition: CurrentLeaderEpoch fencing (FENCED_LEADER_EPOCH / UNKNOWN_LEADER_EPOCH), then
/// leadership (NOT_LEADER_OR_FOLLOWER on a follower), then the largest epoch not above the requested one and its end
/// offset from the partition's <see cref="Model.LeaderEpochCache"/>; an unknown epoch answers -1/-1 without error.
/// Deviation: only an explicit v3+ ReplicaId -2 (debug) may be answered by a follower; v2's implicit default is
/// treated as a consumer.
/// </summary>
internal static class OffsetForLeaderEpochHandler
{
    private const int DebugReplicaId = -2;

    /// <summary>Answers one OffsetForLeaderEpoch request.</summary>
    public static HandlerResult Handle(RequestContext context, ReadOnlyMemory<byte> body)
    {
        var reader = new ProtocolReader(body);
        var request = OffsetForLeaderEpochRequest.Read(ref reader, context.ApiVersion);
        var requireLeader = context.ApiVersion < 3 || request.ReplicaId != DebugReplicaId;
        var response = new OffsetForLeaderEpochResponse();
        foreach (var topic in request.Topics)
        {
            var result = new OffsetForLeaderEpochResponse.OffsetForLeaderTopicResult { Topic = topic.Topic };
            foreach (var p in topic.Partitions)
            {
                var answer = new OffsetForLeaderEpochResponse.EpochEndOffset { Partition = p.Partition };
                var partition = context.Cluster.FindPartition(topic.Topic, p.Partition);
                if (context.InjectedError != ErrorCode.None)
                {
                    answer.ErrorCode = (short)context.InjectedError;
                }
                else if (partition is null)
                {
                    answer.ErrorCode = (short)ErrorCode.UnknownTopicOrPartition;
                }
                else
                {
                    answer.ErrorCode = (short)partition.EndOffsetForEpoch(context.BrokerId, p.CurrentLeaderEpoch, p.LeaderEpoch, requireLeader, out var epoch, out var endOffset);
                    answer.LeaderEpoch = epoch;
                    answer.EndOffset = endOffset;
                }

                result.Partitions.Add(answer);
            }

            response.Topics.Add(result);
        }

        return HandlerResult.Respond(response, request);
    }
}
