using Brook.Cluster.Network;
using Brook.Cluster.Transactions;
using Brook.Protocol.Errors;
using Brook.Protocol.Messages;
using Brook.Protocol.Primitives;

namespace Brook.Cluster.Handlers;

/// <summary>
/// TxnOffsetCommit: v0-3. Offsets are staged in the transaction (<see cref="TransactionCoordinator.StageOffsets"/>)
/// and become committed only when the transaction commits; an abort drops them (broker-semantics.md §5). One error for
/// every partition of the request. Deviation: any broker accepts it (no group-coordinator check) and the v3
/// generation/member checks are not applied yet.
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

        var error = context.InjectedError != ErrorCode.None
            ? context.InjectedError
            : context.Cluster.Transactions.StageOffsets(request.TransactionalId, request.GroupId, request.ProducerId, request.ProducerEpoch, offsets);
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
