using Brook.Producer.Network;
using Brook.Protocol.Messages;

namespace Brook.Producer.Transactions;

/// <summary>
/// What the transaction manager needs from the network: send a request to a given node (connecting first if needed)
/// or to any broker, and learn a coordinator's address. <see cref="NetworkCoordinatorTransport"/> is the real one;
/// unit tests fake it.
/// </summary>
internal interface ICoordinatorTransport
{
    /// <summary>
    /// Sends <paramref name="request"/> to <paramref name="nodeId"/> (null: the least loaded broker) and returns the
    /// response. A <see cref="FindCoordinatorRequest"/> carries both Key and CoordinatorKeys; the transport sends the one
    /// the negotiated version has. Faults with a retriable <see cref="KafkaException"/> when the node cannot be reached or disconnects.
    /// </summary>
    ValueTask<IApiResponse> SendAsync(int? nodeId, IApiRequest request, CancellationToken cancellationToken);

    /// <summary>Makes a coordinator returned by FindCoordinator addressable by its node id.</summary>
    void AddNode(BrokerNode node);
}
