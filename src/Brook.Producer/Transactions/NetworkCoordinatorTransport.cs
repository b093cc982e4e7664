using Brook.Producer.Network;
using Brook.Protocol;
using Brook.Protocol.Errors;
using Brook.Protocol.Messages;

namespace Brook.Producer.Transactions;

/// <summary>The <see cref="ICoordinatorTransport"/> over the producer's <see cref="NetworkClient"/> (shared connections).</summary>
internal sealed class NetworkCoordinatorTransport(NetworkClient network) : ICoordinatorTransport
{
    /// <inheritdoc />
    public async ValueTask<IApiResponse> SendAsync(int? nodeId, IApiRequest request, CancellationToken cancellationToken)
    {
        var node = nodeId ?? network.LeastLoadedNode()
            ?? throw new KafkaException(ErrorCode.CoordinatorNotAvailable, "COORDINATOR_NOT_AVAILABLE: every broker is backing off after connection failures; retrying.");
        var connection = await network.GetConnectionAsync(node, cancellationToken).ConfigureAwait(false);
        if (request is FindCoordinatorRequest find)
        {
            // The manager fills both Key and CoordinatorKeys; the version decides which one goes.
            request = CoordinatorLookup.Request(find.Key, find.KeyType, connection.Versions.GetVersion(ApiKey.FindCoordinator, connection.Node));
        }
        else if (request is InitProducerIdRequest { ProducerId: >= 0 } init && connection.Versions.GetVersion(ApiKey.InitProducerId, connection.Node) < 3)
        {
            // The KIP-360 pair exists from v3; before it a plain InitProducerId with the transactional id bumps the epoch too.
            request = new InitProducerIdRequest { TransactionalId = init.TransactionalId, TransactionTimeoutMs = init.TransactionTimeoutMs };
        }

        var response = await connection.SendAsync(request).AsTask().WaitAsync(cancellationToken).ConfigureAwait(false);
        return response ?? throw new KafkaException(ErrorCode.NetworkException, $"NETWORK_EXCEPTION: {request.ApiKey} to node {node} got no response.");
    }

    /// <inheritdoc />
    public void AddNode(BrokerNode node) => network.AddNodes([node]);
}
