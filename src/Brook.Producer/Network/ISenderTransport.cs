using Brook.Protocol.Messages;

namespace Brook.Producer.Network;

/// <summary>
/// What the sender needs from the network (Java's <c>KafkaClient</c>): readiness per node, sending, a node for metadata
/// and the node table. <see cref="NetworkClient"/> is the real one; tests pass a fake (Kafka <c>MockClient</c> style).
/// </summary>
internal interface ISenderTransport
{
    /// <summary>True when the node can take another request now; may start connecting in the background.</summary>
    bool IsReady(int nodeId);

    /// <summary>Milliseconds until the node may be tried again (0 when it may now).</summary>
    long ConnectionDelayMs(int nodeId);

    /// <summary>Sends a request; a Produce with acks=0 completes with null once written. Faults with a retriable KafkaException on disconnect.</summary>
    ValueTask<IApiResponse?> SendAsync(int nodeId, IApiRequest request);

    /// <summary>
    /// As <see cref="SendAsync"/>, but the returned task's continuation may run inline on the network thread that
    /// completes it. Only for callers whose continuation is a few instructions (the sender loop's queue-and-wake).
    /// </summary>
    ValueTask<IApiResponse?> SendInline(int nodeId, IApiRequest request) => SendAsync(nodeId, request);

    /// <summary>
    /// True when <see cref="SendAsync"/> has serialized the request before it returns (the real connection frames it
    /// into its send buffer at once), so the caller may reuse the request object for its next send. False (the
    /// default) for transports that keep the request, such as test fakes that inspect it later.
    /// </summary>
    bool FramesRequestsOnSend => false;

    /// <summary>
    /// Takes back a response the caller has finished with (every field read, no reference kept), so a pooling
    /// transport can decode a later response into it. The default keeps nothing.
    /// </summary>
    void Release(IApiResponse response)
    {
    }

    /// <summary>The node to ask for metadata, or null when every node is backing off.</summary>
    int? LeastLoadedNode();

    /// <summary>Replaces the broker table from a Metadata response.</summary>
    void UpdateNodes(IReadOnlyCollection<BrokerNode> brokers);

    /// <summary>Adds brokers named by a Produce response (KIP-951 NodeEndpoints).</summary>
    void AddNodes(IEnumerable<BrokerNode> brokers);

    /// <summary>
    /// metadata.recovery.strategy=rebootstrap: forget the brokers and return to bootstrap.servers. A transport without a
    /// bootstrap list (test fakes) may ignore it.
    /// </summary>
    void Rebootstrap()
    {
    }
}
