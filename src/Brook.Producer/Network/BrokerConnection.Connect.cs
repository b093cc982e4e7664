using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Brook.Protocol;
using Brook.Protocol.Errors;
using Brook.Protocol.Messages;

namespace Brook.Producer.Network;

internal sealed partial class BrokerConnection
{
    /// <summary>Highest ApiVersions version Brook sends first (protocol.md §5 step 1).</summary>
    public const short ApiVersionsMaxVersion = 4;

    /// <summary>Upper bound of one poll while connecting; the setup token and the closed flag are checked after each.</summary>
    private const int ConnectPollSliceMicroseconds = 50_000;

    /// <summary>
    /// Resolves <paramref name="node"/>'s host, tries each address in turn (client.dns.lookup=use_all_dns_ips) until one
    /// accepts, then runs the ApiVersions handshake. The whole setup is bounded by <paramref name="setupTimeoutMs"/>
    /// (socket.connection.setup.timeout.ms on the injected clock). Throws a retriable NETWORK_EXCEPTION
    /// <see cref="KafkaException"/> when no address accepts or the setup times out.
    /// </summary>
    public static async Task<BrokerConnection> ConnectAsync(BrokerNode node, NetworkSettings settings, long setupTimeoutMs, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var connection = new BrokerConnection(node, settings);
        using var setup = new CancellationTokenSource(TimeSpan.FromMilliseconds(setupTimeoutMs), settings.TimeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(setup.Token, cancellationToken);
        try
        {
            var addresses = await ResolveAsync(node, settings, linked.Token).ConfigureAwait(false);
            await connection.StartAsync(addresses, linked.Token).ConfigureAwait(false);
            await connection.HandshakeAsync(linked.Token).ConfigureAwait(false);
            return connection;
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            var error = connection.Disconnected(
                string.Create(CultureInfo.InvariantCulture, $"connection setup did not finish within socket.connection.setup.timeout.ms ({setupTimeoutMs} ms)"), ex);
            connection.Close(error);
            await connection.DisposeAsync().ConfigureAwait(false);
            throw error;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static async Task<IPAddress[]> ResolveAsync(BrokerNode node, NetworkSettings settings, CancellationToken cancellationToken)
    {
        IPAddress[] addresses;
        try
        {
            addresses = IPAddress.TryParse(node.Host, out var literal)
                ? [literal]
                : await settings.Resolver(node.Host, cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException ex)
        {
            throw new KafkaException(ErrorCode.NetworkException, $"NETWORK_EXCEPTION: cannot resolve host '{node.Host}' of broker {node}: {ex.Message}. Check bootstrap.servers / advertised.listeners.", ex);
        }

        if (addresses.Length == 0)
        {
            throw new KafkaException(ErrorCode.NetworkException, $"NETWORK_EXCEPTION: host '{node.Host}' of broker {node} resolved to no addresses.");
        }

        return addresses;
    }

    /// <summary>
    /// Runs on the reader thread: tries each address in order (use_all_dns_ips; the canonical-bootstrap mode only changes
    /// how bootstrap names expand, so both walk the list in order here) with a non-blocking connect and
    /// <c>poll(2)</c>. Never <c>ConnectAsync</c>: that registers the socket with .NET's epoll engine for good, and the
    /// engine's thread then wakes on every edge of the socket (each response, each freed send-buffer) for nothing.
    /// Returns null when the setup was cancelled or the connection closed meanwhile.
    /// </summary>
    private Socket? ConnectSocket(IPAddress[] addresses, CancellationToken cancellationToken)
    {
        Exception? last = null;
        foreach (var address in addresses)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true, Blocking = false };
            try
            {
                if (_settings.SendBufferBytes > 0)
                {
                    socket.SendBufferSize = _settings.SendBufferBytes;
                }

                if (_settings.ReceiveBufferBytes > 0)
                {
                    socket.ReceiveBufferSize = _settings.ReceiveBufferBytes;
                }

                if (ConnectOne(socket, new IPEndPoint(address, Node.Port), cancellationToken))
                {
                    return socket;
                }

                socket.Dispose();
                return null;
            }
            catch (SocketException ex)
            {
                socket.Dispose();
                last = ex;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        throw new KafkaException(
            ErrorCode.NetworkException,
            $"NETWORK_EXCEPTION: could not connect to broker {Node} at any of its {addresses.Length} address(es) ({string.Join(", ", (IEnumerable<IPAddress>)addresses)}): {last?.Message}. Is the broker up and its port reachable?",
            last);
    }

    /// <summary>A non-blocking connect, waited for in bounded poll slices; false when cancelled or closed first.</summary>
    private bool ConnectOne(Socket socket, IPEndPoint endPoint, CancellationToken cancellationToken)
    {
        try
        {
            socket.Connect(endPoint);
            return true;
        }
        catch (SocketException ex) when (ex.SocketErrorCode is SocketError.WouldBlock or SocketError.InProgress or SocketError.AlreadyInProgress)
        {
            // In progress: wait for the socket to become writable (connected) or to report an error (refused).
        }

        while (!socket.Poll(ConnectPollSliceMicroseconds, SelectMode.SelectWrite) && !socket.Poll(0, SelectMode.SelectError))
        {
            if (cancellationToken.IsCancellationRequested || _closed)
            {
                return false;
            }
        }

        var error = (SocketError)(int)socket.GetSocketOption(SocketOptionLevel.Socket, SocketOptionName.Error)!;
        if (error != SocketError.Success)
        {
            throw new SocketException((int)error);
        }

        return !cancellationToken.IsCancellationRequested && !_closed;
    }

    /// <summary>ApiVersions at v4, falling back to the broker's ApiVersions max (or v0) after UNSUPPORTED_VERSION.</summary>
    private async Task HandshakeAsync(CancellationToken cancellationToken)
    {
        var request = new ApiVersionsRequest { ClientSoftwareName = _settings.SoftwareName, ClientSoftwareVersion = _settings.SoftwareVersion };
        var version = ApiVersionsMaxVersion;
        for (var attempt = 0; ; attempt++)
        {
            var response = (ApiVersionsResponse)(await SendAsync(request, version).AsTask().WaitAsync(cancellationToken).ConfigureAwait(false))!;
            var error = (ErrorCode)response.ErrorCode;
            if (error == ErrorCode.None)
            {
                var table = ApiVersionTable.Negotiate(response.ApiKeys);
                lock (_lock)
                {
                    if (_state == ConnectionState.Closed)
                    {
                        throw NotOpen();
                    }

                    _versions = table;
                    _state = ConnectionState.Ready;
                    _lastActivityTimestamp = _time.GetTimestamp();
                    ArmTimerLocked(_lastActivityTimestamp);
                }

                return;
            }

            if (error != ErrorCode.UnsupportedVersion || attempt >= 2)
            {
                var failure = new KafkaException(error, $"{ErrorCodes.Name(error)}: broker {Node} rejected ApiVersions v{version}: {ErrorCodes.Get(error).Description}");
                Close(failure);
                throw failure;
            }

            short brokerMax = 0;
            foreach (var entry in response.ApiKeys)
            {
                if (entry.ApiKey == (short)ApiKey.ApiVersions)
                {
                    brokerMax = entry.MaxVersion;
                }
            }

            var next = Math.Min(brokerMax, ApiVersionsMaxVersion);
            version = next < version ? next : (short)0;
        }
    }
}
