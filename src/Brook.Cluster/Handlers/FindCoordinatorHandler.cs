using Brook.Cluster.Network;
using Brook.Protocol.Errors;
using Brook.Protocol.Messages;
using Brook.Protocol.Primitives;

namespace Brook.Cluster.Handlers;

/// <summary>
/// FindCoordinator: v0-4 (v4 batches keys, KIP-699). Key type 0 (group) and 1 (transaction) are both answered with
/// <see cref="Model.ClusterState.CoordinatorFor"/>: a deterministic live broker per key; COORDINATOR_NOT_AVAILABLE
/// when none is up; INVALID_REQUEST for other key types. A transactional id moved with
/// <see cref="ClusterFaults.MoveTransactionCoordinator"/> resolves to its new broker.
/// </summary>
internal static class FindCoordinatorHandler
{
    /// <summary>Answers one FindCoordinator request.</summary>
    public static HandlerResult Handle(RequestContext context, ReadOnlyMemory<byte> body)
    {
        var reader = new ProtocolReader(body);
        var request = FindCoordinatorRequest.Read(ref reader, context.ApiVersion);
        var response = new FindCoordinatorResponse();
        if (context.ApiVersion >= 4)
        {
            foreach (var key in request.CoordinatorKeys)
            {
                var c = new FindCoordinatorResponse.Coordinator { Key = key };
                (c.ErrorCode, c.ErrorMessage, c.NodeId, c.Host, c.Port) = Resolve(context, request.KeyType, key);
                response.Coordinators.Add(c);
            }
        }
        else
        {
            (response.ErrorCode, response.ErrorMessage, response.NodeId, response.Host, response.Port) = Resolve(context, request.KeyType, request.Key);
        }

        return HandlerResult.Respond(response, request);
    }

    private static (short Error, string? Message, int NodeId, string Host, int Port) Resolve(RequestContext context, sbyte keyType, string key)
    {
        if (context.InjectedError != ErrorCode.None)
        {
            return ((short)context.InjectedError, null, -1, string.Empty, -1);
        }

        if (keyType is not (0 or 1))
        {
            return ((short)ErrorCode.InvalidRequest, $"Unknown coordinator key type {keyType}: use 0 (group) or 1 (transaction).", -1, string.Empty, -1);
        }

        var id = keyType == 1 ? context.Cluster.Transactions.CoordinatorFor(key) : context.Cluster.CoordinatorFor(key);
        if (id < 0)
        {
            return ((short)ErrorCode.CoordinatorNotAvailable, "No broker is up.", -1, string.Empty, -1);
        }

        var broker = context.Cluster.Brokers[id];
        return ((short)ErrorCode.None, null, broker.Id, broker.Host, broker.Port);
    }
}
