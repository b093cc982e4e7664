using Brook.Cluster.Network;
using Brook.Protocol.Errors;
using Brook.Protocol.Messages;
using Brook.Protocol.Primitives;

namespace Brook.Cluster.Handlers;

/// <summary>
/// ListOffsets: v1-7. Per partition: earliest (-2), latest (-1, the HW; the LSO under read_committed), max timestamp (-3, v7) or the first record at or after a timestamp, with the leader epoch of the batch
/// (v4+). Leadership and CurrentLeaderEpoch are checked as for Fetch.
/// </summary>
internal static class ListOffsetsHandler
{
    /// <summary>Answers one ListOffsets request.</summary>
    public static HandlerResult Handle(RequestContext context, ReadOnlyMemory<byte> body)
    {
        var reader = new ProtocolReader(body);
        var request = ListOffsetsRequest.Read(ref reader, context.ApiVersion);
        var response = new ListOffsetsResponse();
        foreach (var topic in request.Topics)
        {
            var topicResponse = new ListOffsetsResponse.ListOffsetsTopicResponse { Name = topic.Name };
            foreach (var p in topic.Partitions)
            {
                var answer = new ListOffsetsResponse.ListOffsetsPartitionResponse { PartitionIndex = p.PartitionIndex };
                var partition = context.Cluster.FindPartition(topic.Name, p.PartitionIndex);
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
                    var error = partition.ListOffset(context.BrokerId, p.CurrentLeaderEpoch, p.Timestamp, out var offset, out var timestamp, out var epoch, request.IsolationLevel == 1);
                    answer.ErrorCode = (short)error;
                    if (error == ErrorCode.None)
                    {
                        answer.Offset = offset;
                        answer.Timestamp = timestamp;
                        if (context.ApiVersion >= 4)
                        {
                            answer.LeaderEpoch = epoch;
                        }
                    }
                }

                topicResponse.Partitions.Add(answer);
            }

            response.Topics.Add(topicResponse);
        }

        return HandlerResult.Respond(response, request);
    }
}
