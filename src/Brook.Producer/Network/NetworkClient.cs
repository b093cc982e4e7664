using Brook.Producer.Internals;
using Brook.Protocol.Errors;
using Brook.Protocol.Messages;

namespace Brook.Producer.Network;

/// <summary>
/// The producer's connections by node id (Java's NetworkClient): bootstrap nodes (-1, -2, ...) until metadata names the
/// brokers, then the brokers. Connections open on demand with reconnect.backoff.ms..reconnect.backoff.max.ms exponential
/// backoff and a socket.connection.setup.timeout.ms that grows the same way; <see cref="Disconnected"/> tells the sender
/// which node lost its in-flight requests. Thread-safe; the node table is guarded by one short lock.
/// </summary>
internal sealed partial class NetworkClient : IAsyncDisposable
{
    private readonly NetworkSettings _settings;
    private readonly TimeProvider _time;
    private readonly IReadOnlyList<BrokerNode> _bootstrap;
    private readonly ExponentialBackoff _reconnectBackoff;
    private readonly ExponentialBackoff _setupTimeout;
    private readonly Lock _lock = new();
    private readonly Dictionary<int, NodeState> _nodes = [];
    private readonly CancellationTokenSource _disposed = new();
    private bool _usingBootstrap = true;

    /// <summary>Creates the client; no connection opens until a node is asked for.</summary>
    public NetworkClient(NetworkSettings settings, IReadOnlyList<BrokerNode> bootstrap, RandomSource random)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(bootstrap);
        ArgumentNullException.ThrowIfNull(random);
        if (bootstrap.Count == 0)
        {
            throw new ArgumentException("At least one bootstrap server is needed; set bootstrap.servers, e.g. 'localhost:9092'.", nameof(bootstrap));
        }

        _settings = settings;
        _time = settings.TimeProvider;
        _bootstrap = bootstrap;
        _reconnectBackoff = new ExponentialBackoff(settings.ReconnectBackoffMs, settings.ReconnectBackoffMaxMs, random);
        _setupTimeout = new ExponentialBackoff(settings.SocketConnectionSetupTimeoutMs, settings.SocketConnectionSetupTimeoutMaxMs, random);
        foreach (var node in bootstrap)
        {
            _nodes[node.NodeId] = new NodeState(node);
        }
    }

    /// <summary>
    /// Raised (on the thread that noticed) when a node's current connection closes or a connection attempt fails; the
    /// exception is what its in-flight requests failed with. Not raised for a connection the client closed after letting
    /// go of it (node dropped or moved by <see cref="UpdateNodes"/>, <see cref="Rebootstrap"/>, dispose).
    /// </summary>
    public event Action<int, KafkaException>? Disconnected;

    /// <summary>The settings in use.</summary>
    public NetworkSettings Settings => _settings;

    /// <summary>True until metadata has named the brokers (or after a rebootstrap).</summary>
    public bool UsingBootstrap
    {
        get
        {
            lock (_lock)
            {
                return _usingBootstrap;
            }
        }
    }

    /// <summary>Ids of the nodes currently known.</summary>
    public IReadOnlyList<int> NodeIds
    {
        get
        {
            lock (_lock)
            {
                return [.. _nodes.Keys];
            }
        }
    }

    /// <summary>The address of node <paramref name="nodeId"/>, if known.</summary>
    public bool TryGetNode(int nodeId, out BrokerNode node)
    {
        lock (_lock)
        {
            if (_nodes.TryGetValue(nodeId, out var state))
            {
                node = state.Node;
                return true;
            }
        }

        node = default;
        return false;
    }

    /// <summary>
    /// Replaces the node table with the brokers from a Metadata response (bootstrap nodes are dropped, as in Java).
    /// Connections to brokers that left or moved are closed.
    /// </summary>
    public void UpdateNodes(IReadOnlyCollection<BrokerNode> brokers)
    {
        ArgumentNullException.ThrowIfNull(brokers);
        if (brokers.Count == 0)
        {
            return;
        }

        var toClose = new List<BrokerConnection>();
        lock (_lock)
        {
            var keep = new HashSet<int>();
            foreach (var broker in brokers)
            {
                keep.Add(broker.NodeId);
                if (_nodes.TryGetValue(broker.NodeId, out var state))
                {
                    if (state.Node.Host != broker.Host || state.Node.Port != broker.Port)
                    {
                        AddIfNotNull(toClose, state.Connection);
                        state.Connection = null;
                        state.Failures = 0;
                    }

                    state.Node = broker;
                }
                else
                {
                    _nodes[broker.NodeId] = new NodeState(broker);
                }
            }

            foreach (var id in _nodes.Keys.ToArray())
            {
                if (!keep.Contains(id))
                {
                    AddIfNotNull(toClose, _nodes[id].Connection);
                    _nodes.Remove(id);
                }
            }

            _usingBootstrap = false;
        }

        foreach (var connection in toClose)
        {
            _ = connection.DisposeAsync().AsTask();
        }
    }

    /// <summary>
    /// Adds or updates single nodes without dropping others (KIP-951 NodeEndpoints in Produce responses).
    /// </summary>
    public void AddNodes(IEnumerable<BrokerNode> brokers)
    {
        ArgumentNullException.ThrowIfNull(brokers);
        lock (_lock)
        {
            foreach (var broker in brokers)
            {
                if (!_nodes.TryGetValue(broker.NodeId, out var state))
                {
                    _nodes[broker.NodeId] = new NodeState(broker);
                }
                else if (state.Connection is null && state.Connecting is null)
                {
                    state.Node = broker;
                }
            }
        }
    }

    /// <summary>
    /// metadata.recovery.strategy=rebootstrap: forget the brokers and go back to bootstrap.servers (KIP-899/KIP-1102),
    /// used when no known broker can be reached.
    /// </summary>
    public void Rebootstrap()
    {
        List<BrokerConnection> toClose = [];
        lock (_lock)
        {
            foreach (var state in _nodes.Values)
            {
                AddIfNotNull(toClose, state.Connection);
            }

            _nodes.Clear();
            foreach (var node in _bootstrap)
            {
                _nodes[node.NodeId] = new NodeState(node);
            }

            _usingBootstrap = true;
        }

        foreach (var connection in toClose)
        {
            _ = connection.DisposeAsync().AsTask();
        }
    }

    /// <summary>Closes every connection; in-flight requests fail as disconnected.</summary>
    public async ValueTask DisposeAsync()
    {
        await _disposed.CancelAsync().ConfigureAwait(false);
        List<BrokerConnection> open = [];
        lock (_lock)
        {
            foreach (var state in _nodes.Values)
            {
                AddIfNotNull(open, state.Connection);
                state.Connection = null;
            }
        }

        foreach (var connection in open)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }

        _disposed.Dispose();
    }

    private static void AddIfNotNull(List<BrokerConnection> list, BrokerConnection? connection)
    {
        if (connection is not null)
        {
            list.Add(connection);
        }
    }

    private static RequestNotSentException NotReady(int nodeId, string why) =>
        new($"NETWORK_EXCEPTION: node {nodeId} is not ready: {why}. Retriable; check IsReady before sending.");

    private static ValueTask<IApiResponse?> Fail(KafkaException error) => ValueTask.FromException<IApiResponse?>(error);
}
