namespace Brook.Producer.Network;

/// <summary>What the <see cref="NetworkClient"/> knows about one node: its address, live connection and reconnect backoff.</summary>
internal sealed class NodeState(BrokerNode node)
{
    /// <summary>The node's current address.</summary>
    public BrokerNode Node { get; set; } = node;

    /// <summary>The ready connection, or null.</summary>
    public BrokerConnection? Connection { get; set; }

    /// <summary>The connect in progress, or null.</summary>
    public Task<BrokerConnection>? Connecting { get; set; }

    /// <summary>Consecutive failed connection attempts (drives both backoffs).</summary>
    public int Failures { get; set; }

    /// <summary>TimeProvider timestamp before which no new connection attempt starts (reconnect backoff).</summary>
    public long NextAttemptTimestamp { get; set; }
}
