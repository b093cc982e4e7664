using Brook.Protocol.Messages;

namespace Brook.Producer.Network;

internal sealed partial class NetworkClient
{
    /// <summary>
    /// True when node <paramref name="nodeId"/> has a ready connection that can take another request
    /// (fewer than max.in.flight.requests.per.connection in flight). When it has no connection and is not backing off,
    /// a connection attempt starts in the background (Java's <c>ready()</c>).
    /// </summary>
    public bool IsReady(int nodeId)
    {
        BrokerConnection? connection;
        lock (_lock)
        {
            if (!_nodes.TryGetValue(nodeId, out var state))
            {
                return false;
            }

            connection = state.Connection;
            if (connection is null)
            {
                StartConnectLocked(state);
                return false;
            }
        }

        return connection.CanSendMore;
    }

    /// <summary>Milliseconds until node <paramref name="nodeId"/> may be tried again (0 when it may now, or is connected).</summary>
    public long ConnectionDelayMs(int nodeId)
    {
        lock (_lock)
        {
            if (!_nodes.TryGetValue(nodeId, out var state) || state.Connection is not null)
            {
                return 0;
            }

            var remaining = state.NextAttemptTimestamp - _time.GetTimestamp();
            return remaining <= 0 ? 0 : remaining * 1000 / _time.TimestampFrequency;
        }
    }

    /// <summary>The ready connection of <paramref name="nodeId"/>, or null.</summary>
    public BrokerConnection? GetReadyConnection(int nodeId)
    {
        lock (_lock)
        {
            return _nodes.TryGetValue(nodeId, out var state) ? state.Connection : null;
        }
    }

    /// <summary>
    /// Returns node <paramref name="nodeId"/>'s ready connection, connecting first if needed (after any reconnect backoff,
    /// waited on the injected clock). Throws the connection failure (retriable NETWORK_EXCEPTION) of this attempt.
    /// </summary>
    public async ValueTask<BrokerConnection> GetConnectionAsync(int nodeId, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            Task<BrokerConnection>? connecting;
            long delayMs;
            lock (_lock)
            {
                if (!_nodes.TryGetValue(nodeId, out var state))
                {
                    throw NotReady(nodeId, "it is not a known broker (refresh metadata)");
                }

                if (state.Connection is { } ready)
                {
                    return ready;
                }

                connecting = StartConnectLocked(state);
                delayMs = connecting is null ? Math.Max(1, (state.NextAttemptTimestamp - _time.GetTimestamp()) * 1000 / _time.TimestampFrequency) : 0;
            }

            if (connecting is not null)
            {
                return await connecting.WaitAsync(cancellationToken).ConfigureAwait(false);
            }

            await Task.Delay(TimeSpan.FromMilliseconds(delayMs), _time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Sends <paramref name="request"/> on node <paramref name="nodeId"/>'s ready connection (see
    /// <see cref="BrokerConnection.SendAsync(IApiRequest, short, bool)"/>: null result for acks=0 produce). Fails with a retriable
    /// NETWORK_EXCEPTION when the node has no ready connection; call <see cref="IsReady"/> first.
    /// </summary>
    public ValueTask<IApiResponse?> SendAsync(int nodeId, IApiRequest request)
    {
        var connection = GetReadyConnection(nodeId);
        return connection is null ? Fail(NotReady(nodeId, "no connection")) : connection.SendAsync(request);
    }

    /// <summary>
    /// As <see cref="SendAsync(int, IApiRequest)"/>, with the continuation run inline on the connection's reader (or, for
    /// acks=0, on the thread that wrote the last byte: the caller itself or the connection's writer thread) instead of a
    /// thread-pool hop: for the sender loop, whose continuation only queues the outcome.
    /// </summary>
    public ValueTask<IApiResponse?> SendInline(int nodeId, IApiRequest request)
    {
        var connection = GetReadyConnection(nodeId);
        return connection is null ? Fail(NotReady(nodeId, "no connection")) : connection.SendAsync(request, inlineContinuation: true);
    }

    /// <summary>
    /// The node to send a metadata request to (Java's <c>leastLoadedNode</c>): a ready connection with the fewest requests
    /// in flight; else a node that is connecting; else one whose reconnect backoff has passed. Null when every node is
    /// backing off.
    /// </summary>
    public int? LeastLoadedNode()
    {
        lock (_lock)
        {
            int? best = null;
            var bestInFlight = int.MaxValue;
            int? connectingNode = null;
            int? idleNode = null;
            var now = _time.GetTimestamp();
            foreach (var (id, state) in _nodes)
            {
                if (state.Connection is { } connection)
                {
                    var inFlight = connection.InFlightCount;
                    if (inFlight < bestInFlight && connection.CanSendMore)
                    {
                        best = id;
                        bestInFlight = inFlight;
                    }
                }
                else if (state.Connecting is not null)
                {
                    connectingNode ??= id;
                }
                else if (state.NextAttemptTimestamp <= now)
                {
                    idleNode ??= id;
                }
            }

            return best ?? connectingNode ?? idleNode;
        }
    }

    private Task<BrokerConnection>? StartConnectLocked(NodeState state)
    {
        if (state.Connecting is { } pending)
        {
            return pending;
        }

        if (_disposed.IsCancellationRequested || state.NextAttemptTimestamp > _time.GetTimestamp())
        {
            return null;
        }

        var node = state.Node;
        var setupMs = _setupTimeout.BackoffMs(state.Failures);
        var task = ConnectNodeAsync(state, node, setupMs);
        if (!task.IsCompleted)
        {
            state.Connecting = task;
        }

        return task;
    }

    private async Task<BrokerConnection> ConnectNodeAsync(NodeState state, BrokerNode node, long setupMs)
    {
        await Task.Yield(); // never connect on the caller's thread while it holds the node lock
        BrokerConnection connection;
        try
        {
            connection = await BrokerConnection.ConnectAsync(node, _settings, setupMs, _disposed.Token).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            var error = ex as KafkaException ?? new KafkaException(Brook.Protocol.Errors.ErrorCode.NetworkException, $"NETWORK_EXCEPTION: connecting to broker {node} failed: {ex.Message}", ex);
            lock (_lock)
            {
                state.Connecting = null;
                state.Failures++;
                state.NextAttemptTimestamp = _time.GetTimestamp() + (_reconnectBackoff.BackoffMs(state.Failures - 1) * _time.TimestampFrequency / 1000);
            }

            Diagnostics.NetworkLog.ConnectFailed(_settings.Logger, node, state.Failures, Diagnostics.NetworkLog.MsUntil(_time, state.NextAttemptTimestamp), error.Message);
            Disconnected?.Invoke(node.NodeId, error);
            throw error;
        }

        connection.Closed += OnConnectionClosed;
        var stillWanted = false;
        lock (_lock)
        {
            state.Connecting = null;
            if (connection.State == ConnectionState.Ready && _nodes.TryGetValue(node.NodeId, out var current) && ReferenceEquals(current, state))
            {
                state.Connection = connection;
                state.Failures = 0;
                stillWanted = true;
            }
        }

        if (!stillWanted)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw NotReady(node.NodeId, "its connection closed during setup or the node left the cluster");
        }

        Diagnostics.NetworkLog.Connected(_settings.Logger, node);
        Diagnostics.NetworkLog.Negotiated(_settings.Logger, connection);

        return connection;
    }

    // Only a node's current connection reports Disconnected. One the client already let go of (its node left the
    // metadata or moved, rebootstrap, dispose) lost nothing a metadata refresh could explain (its in-flight requests
    // fail on their own and the sender asks for metadata then). Reporting it made every producer refresh metadata right
    // after the first answer, when the bootstrap connection is dropped; that refresh took the leader connection's only
    // in-flight slot (max.in.flight=1) ahead of the first Produce.
    private void OnConnectionClosed(BrokerConnection connection, KafkaException reason)
    {
        var nodeId = connection.Node.NodeId;
        lock (_lock)
        {
            if (!_nodes.TryGetValue(nodeId, out var state) || !ReferenceEquals(state.Connection, connection))
            {
                return;
            }

            state.Connection = null;
            state.NextAttemptTimestamp = _time.GetTimestamp() + (_reconnectBackoff.BackoffMs(0) * _time.TimestampFrequency / 1000);
        }

        Diagnostics.NetworkLog.Disconnected(_settings.Logger, connection.Node, _settings.ReconnectBackoffMs, reason.Message);
        Disconnected?.Invoke(nodeId, reason);
    }
}
