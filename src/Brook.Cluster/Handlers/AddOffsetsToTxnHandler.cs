using Brook.Cluster.Network;
using Brook.Protocol.Errors;
using Brook.Protocol.Messages;
using Brook.Protocol.Primitives;

namespace Brook.Cluster.Handlers;

/// <summary>
/// AddOffsetsToTxn: v0-3. <see cref="Transactions.TransactionCoordinator.AddOffsets"/> (broker-semantics.md §5): the
/// group's offsets join the transaction. PRODUCER_FENCED is answered as INVALID_PRODUCER_EPOCH below v2.
/// </summary>
internal static class AddOffsetsToTxnHandler
{
    /// <summary>Answers one AddOffsetsToTxn request.</summary>
    public static HandlerResult Handle(RequestContext context, ReadOnlyMemory<byte> body)
    {
        var reader = new ProtocolReader(body);
        var request = AddOffsetsToTxnRequest.Read(ref reader, context.ApiVersion);
        var error = context.InjectedError != ErrorCode.None
            ? context.InjectedError
            : context.Cluster.Transactions.AddOffsets(request.TransactionalId, request.ProducerId, request.ProducerEpoch, request.GroupId, context.BrokerId);
        if (error == ErrorCode.ProducerFenced && context.ApiVersion < 2)
        {
            error = ErrorCode.InvalidProducerEpoch;
        }

        return HandlerResult.Respond(new AddOffsetsToTxnResponse { ErrorCode = (short)error }, request);
    }
}
