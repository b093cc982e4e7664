using Brook.Cluster.Network;
using Brook.Protocol.Errors;
using Brook.Protocol.Messages;
using Brook.Protocol.Primitives;

namespace Brook.Cluster.Handlers;

/// <summary>
/// InitProducerId: v0-4. Without a transactional id any broker allocates a fresh producer id with epoch 0
/// (broker-semantics.md §5; Kafka ignores a v3+ ProducerId/ProducerEpoch there too). Deviation: transactions are not
/// implemented yet, so a transactional id is refused with TRANSACTIONAL_ID_AUTHORIZATION_FAILED.
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
            response.ErrorCode = (short)ErrorCode.TransactionalIdAuthorizationFailed;
        }
        else
        {
            response.ProducerId = context.Cluster.ProducerIds.Next();
            response.ProducerEpoch = 0;
        }

        return HandlerResult.Respond(response, request);
    }
}
