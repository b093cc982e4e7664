using Brook.Cluster.Network;
using Brook.Protocol.Errors;
using Brook.Protocol.Messages;
using Brook.Protocol.Primitives;

namespace Brook.Cluster.Handlers;

/// <summary>
/// InitProducerId: v0-4. Without a transactional id any broker allocates a fresh producer id with epoch 0
/// (broker-semantics.md §5; Kafka ignores a v3+ ProducerId/ProducerEpoch there too). With one, the transaction
/// coordinator answers (<see cref="Transactions.TransactionCoordinator.InitProducerId"/>): same producer id with the
/// epoch bumped, fencing and aborting an ongoing transaction, KIP-360 resume (v3+). PRODUCER_FENCED is answered as
/// INVALID_PRODUCER_EPOCH below v4.
/// </summary>
internal static class InitProducerIdHandler
{
    /// <summary>Answers one InitProducerId request.</summary>
    public static HandlerResult Handle(RequestContext context, ReadOnlyMemory<byte> body)
    {
        var reader = new ProtocolReader(body);
        var request = InitProducerIdRequest.Read(ref reader, context.ApiVersion);
        var response = new InitProducerIdResponse();
        if (context.InjectedError != ErrorCode.None)
        {
            response.ErrorCode = (short)context.InjectedError;
        }
        else if (request.TransactionalId is not null)
        {
            var error = context.Cluster.Transactions.InitProducerId(
                request.TransactionalId,
                request.TransactionTimeoutMs,
                context.ApiVersion >= 3 ? request.ProducerId : -1,
                context.ApiVersion >= 3 ? request.ProducerEpoch : (short)-1,
                context.BrokerId,
                out var producerId,
                out var epoch);
            response.ErrorCode = (short)(error == ErrorCode.ProducerFenced && context.ApiVersion < 4 ? ErrorCode.InvalidProducerEpoch : error);
            if (error == ErrorCode.None)
            {
                response.ProducerId = producerId;
                response.ProducerEpoch = epoch;
            }
            else
            {
                response.ProducerEpoch = -1;
            }
        }
        else
        {
            response.ProducerId = context.Cluster.ProducerIds.Next();
            response.ProducerEpoch = 0;
        }

        return HandlerResult.Respond(response, request);
    }
}
