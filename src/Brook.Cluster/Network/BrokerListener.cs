using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Brook.Cluster.Model;

namespace Brook.Cluster.Network;

/// <summary>
/// The TCP listener of one broker on 127.0.0.1 (fixed or ephemeral port). While the broker is down it keeps the port
/// and closes every accepted connection at once (librdkafka's mock "set_down" behaviour).
/// </summary>
internal sealed class BrokerListener : IAsyncDisposable
{
    private static long _nextConnectionId;

    private readonly ClusterState _cluster;
    private readonly BrokerNode _broker;
    private readonly Socket _listener;
    private readonly ConcurrentDictionary<long, BrokerConnection> _connections = new();
    private readonly CancellationTokenSource _stop = new();
    private Task _acceptLoop = Task.CompletedTask;

    public BrokerListener(ClusterState cluster, BrokerNode broker, int port)
    {
        _cluster = cluster;
        _broker = broker;
        _listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            _listener.Bind(new IPEndPoint(IPAddress.Loopback, port));
            _listener.Listen(128);
        }
        catch (SocketException e)
        {
            _listener.Dispose();
            throw new InvalidOperationException($"Broker {broker.Id} cannot listen on 127.0.0.1:{port} ({e.SocketErrorCode}); pick another BasePort or 0 for ephemeral ports.", e);
        }

        broker.Port = ((IPEndPoint)_listener.LocalEndPoint!).Port;
    }

    /// <summary>Starts accepting connections.</summary>
    public void Start() => _acceptLoop = AcceptLoopAsync(_stop.Token);

    /// <summary>Closes every open connection (a broker going down drops its clients).</summary>
    public async ValueTask CloseConnectionsAsync()
    {
        foreach (var connection in _connections.Values)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Stops listening and closes every connection.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _listener.Dispose();
        try
        {
            await _acceptLoop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        await CloseConnectionsAsync().ConfigureAwait(false);
        _stop.Dispose();
    }

    private async Task AcceptLoopAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptAsync(ct).ConfigureAwait(false);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException)
            {
                return;
            }

            if (!_broker.IsUp)
            {
                socket.Dispose();
                continue;
            }

            socket.NoDelay = true;
            var connection = new BrokerConnection(_cluster, _broker, socket, Interlocked.Increment(ref _nextConnectionId));
            _connections[connection.Id] = connection;
            _ = ServeAsync(connection);
        }
    }

    private async Task ServeAsync(BrokerConnection connection)
    {
        try
        {
            await connection.RunAsync().ConfigureAwait(false);
        }
        finally
        {
            _connections.TryRemove(connection.Id, out _);
        }
    }
}
