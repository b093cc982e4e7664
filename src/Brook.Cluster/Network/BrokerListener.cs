using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Brook.Cluster.Model;
using Microsoft.Extensions.Logging;

namespace Brook.Cluster.Network;

/// <summary>
/// The TCP listener of one broker on 127.0.0.1 (fixed or ephemeral port). While the broker is down it keeps the port
/// and closes every accepted connection at once (librdkafka's mock "set_down" behaviour). Each accepted connection is
/// served by its own thread (<see cref="BrokerConnection"/>).
/// </summary>
internal sealed class BrokerListener : IAsyncDisposable
{
    /// <summary>How long <see cref="DisposeAsync"/> waits for the connection threads to end.</summary>
    private static readonly TimeSpan JoinTimeout = TimeSpan.FromSeconds(5);

    private static long _nextConnectionId;

    private readonly ClusterState _cluster;
    private readonly BrokerNode _broker;
    private readonly Socket _listener;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<long, BrokerConnection> _connections = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Action<BrokerConnection> _onClosed;

    // Orders "broker up? then register" (accept) against "broker marked down, then close what is registered": without
    // it an accept paused between its check and its register would keep a connection to a down broker open.
    private readonly Lock _admission = new();
    private Task _acceptLoop = Task.CompletedTask;
    private int _disposed;

    public BrokerListener(ClusterState cluster, BrokerNode broker, int port)
    {
        _cluster = cluster;
        _broker = broker;
        _logger = cluster.Options.LoggerFactory.CreateLogger("Brook.Cluster.Network");
        _onClosed = connection => _connections.TryRemove(connection.Id, out _);
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
    public ValueTask CloseConnectionsAsync()
    {
        BrokerConnection[] open;
        lock (_admission)
        {
            open = _connections.Values.ToArray();
        }

        foreach (var connection in open)
        {
            connection.Dispose();
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>Stops listening, closes every connection and waits (bounded) for their threads to end.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        _listener.Dispose();
        try
        {
            await _acceptLoop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        var open = _connections.Values.ToArray();
        foreach (var connection in open)
        {
            connection.Dispose();
        }

        var deadline = Environment.TickCount64 + (long)JoinTimeout.TotalMilliseconds;
        foreach (var connection in open)
        {
            connection.Join(TimeSpan.FromMilliseconds(Math.Max(0, deadline - Environment.TickCount64)));
        }

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

            BrokerConnection? connection = null;
            lock (_admission)
            {
                if (_broker.IsUp && !ct.IsCancellationRequested)
                {
                    try
                    {
                        socket.NoDelay = true;
                        connection = new BrokerConnection(_cluster, _broker, socket, Interlocked.Increment(ref _nextConnectionId), _logger);
                        _connections[connection.Id] = connection;
                    }
                    catch (Exception e) when (e is SocketException or ObjectDisposedException)
                    {
                        // The client reset the connection before it was set up: drop it, keep accepting the others.
                        connection = null;
                    }
                }
            }

            if (connection is null)
            {
                socket.Dispose();
                continue;
            }

            try
            {
                connection.Start(_onClosed);
            }
            catch (Exception e) when (e is OutOfMemoryException or ThreadStartException)
            {
                // No thread for it: unregister and close it, keep serving the others.
                _connections.TryRemove(connection.Id, out _);
                connection.Dispose();
            }
        }
    }
}
