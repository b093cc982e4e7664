using Brook.Cluster.Network;
using Brook.Cluster.Transactions;
using Brook.Protocol.Errors;
using Brook.Protocol.Messages;
using Brook.Protocol.Primitives;

namespace Brook.Cluster.Handlers;

/// <summary>
/// TxnOffsetCommit: v0-3. Offsets are staged in the transaction (<see cref="TransactionCoordinator.StageOffsets"/>)
/// and become committed only when the transaction commits; an abort drops them (broker-semantics.md §5). One error for
/// every partition of the request. Order: group coordinator (NOT_COORDINATOR), v3+ generation/member checks against
/// the group when the request names a generation or member (ILLEGAL_GENERATION, UNKNOWN_MEMBER_ID), then the
/// producer and transaction checks.
/// </summary>
internal static class TxnOffsetCommitHandler
{
    /// <summary>Answers one TxnOffsetCommit request.</summary>
    public static HandlerResult Handle(RequestContext context, ReadOnlyMemory<byte> body)
    {
        var reader = new ProtocolReader(body);
        var request = TxnOffsetCommitRequest.Read(ref reader, context.ApiVersion);
        var offsets = new List<(TransactionPartition, StagedOffset)>();
        foreach (var topic in request.Topics)
        {
            foreach (var p in topic.Partitions)
            {
                offsets.Add((new TransactionPartition(topic.Name, p.PartitionIndex), new StagedOffset(p.CommittedOffset, p.CommittedLeaderEpoch, p.CommittedMetadata)));
            }
        }

        var error = GroupChecks.Precheck(context, request.GroupId);
        if (error == ErrorCode.None && context.ApiVersion >= 3 && (request.GenerationId >= 0 || request.MemberId.Length > 0))
        {
            error = context.Cluster.Groups.ValidateCommit(request.GroupId, request.GenerationId, request.MemberId);
        }

        if (error == ErrorCode.None)
        {
            error = context.Cluster.Transactions.StageOffsets(request.TransactionalId, request.GroupId, request.ProducerId, request.ProducerEpoch, offsets);
        }

        var response = new TxnOffsetCommitResponse();
        foreach (var topic in request.Topics)
        {
            var result = new TxnOffsetCommitResponse.TxnOffsetCommitResponseTopic { Name = topic.Name };
            foreach (var p in topic.Partitions)
            {
                result.Partitions.Add(new TxnOffsetCommitResponse.TxnOffsetCommitResponsePartition { PartitionIndex = p.PartitionIndex, ErrorCode = (short)error });
            }

            response.Topics.Add(result);
        }

        return HandlerResult.Respond(response, request);
    }
}
