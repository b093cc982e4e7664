using Brook.Cluster.Network;
using Brook.Protocol.Errors;
using Brook.Protocol.Messages;
using Brook.Protocol.Primitives;

namespace Brook.Cluster.Handlers;

/// <summary>
/// EndTxn: v0-4. <see cref="Transactions.TransactionCoordinator.EndTransaction"/> (broker-semantics.md §5):
/// PrepareCommit/PrepareAbort, markers on every partition, Complete*; CONCURRENT_TRANSACTIONS while markers are
/// pending. PRODUCER_FENCED is answered as INVALID_PRODUCER_EPOCH below v2. v5 (KIP-890 part 2) is not advertised.
/// </summary>
internal static class EndTxnHandler
{
    /// <summary>Answers one EndTxn request.</summary>
    public static HandlerResult Handle(RequestContext context, ReadOnlyMemory<byte> body)
    {
        var reader = new ProtocolReader(body);
        var request = EndTxnRequest.Read(ref reader, context.ApiVersion);
        var error = context.InjectedError != ErrorCode.None
            ? context.InjectedError
            : context.Cluster.Transactions.EndTransaction(request.TransactionalId, request.ProducerId, request.ProducerEpoch, request.Committed, context.BrokerId);
        if (error == ErrorCode.ProducerFenced && context.ApiVersion < 2)
        {
            error = ErrorCode.InvalidProducerEpoch;
        }

        return HandlerResult.Respond(new EndTxnResponse { ErrorCode = (short)error }, request);
    }
}
