using System.Net.Sockets;
using Brook.Cluster.Model;
using Brook.Protocol;
using Brook.Protocol.Framing;
using Brook.Protocol.Records;
using Microsoft.Extensions.Logging;

namespace Brook.Cluster.Network;

/// <summary>
/// One client connection of one broker, served by its own thread with blocking socket calls: receive into a pooled
/// buffer, handle every complete frame in arrival order, and send the responses that are ready together in one write
/// before blocking again (protocol.md §1, §6). Like Kafka's socket server it handles one request at a time, so
/// responses leave in request order and a parked request (acks=all, group join, long fetch) holds the later ones;
/// acks=0 produces leave a gap. A forged size, an unknown API key or an unserved version closes only this connection.
/// </summary>
/// <remarks>
/// An embedded cluster has few connections, and a blocked thread costs nothing while it waits: one thread per
/// connection avoids the thread-pool hops (epoll thread → worker → spin/park) that an async loop pays per request.
/// The thread ends when the connection closes; <see cref="BrokerListener"/> joins it on dispose.
/// </remarks>
internal sealed partial class BrokerConnection : IDisposable
{
    /// <summary>Receive buffer size: a typical produce request (batch.size 16 KiB per partition) fits many times.</summary>
    internal const int ReceiveBufferSize = 256 * 1024;

    private readonly ClusterState _cluster;
    private readonly BrokerNode _broker;
    private readonly Socket _socket;
    private readonly ILogger _logger;
    private readonly int _maxFrameSize;
    private readonly CancellationTokenSource _closed = new();
    private readonly string _clientHost;
    private PooledBufferWriter _output = new(InitialOutputSize);
    private Thread? _thread;
    private int _disposed;

    public BrokerConnection(ClusterState cluster, BrokerNode broker, Socket socket, long id, ILogger logger, int maxFrameSize = FrameReader.DefaultMaxFrameSize)
    {
        _cluster = cluster;
        _broker = broker;
        _socket = socket;
        _logger = logger;
        _maxFrameSize = maxFrameSize;
        _clientHost = socket.RemoteEndPoint is System.Net.IPEndPoint peer ? "/" + peer.Address : string.Empty;
        Id = id;
    }

    /// <summary>Connection id, unique in the cluster.</summary>
    public long Id { get; }

    /// <summary>Starts the connection's thread; <paramref name="onClosed"/> runs on it once the connection is closed.</summary>
    public void Start(Action<BrokerConnection> onClosed)
    {
        _thread = new Thread(() => Run(onClosed))
        {
            IsBackground = true,
            Name = $"brook-broker{_broker.Id}-conn{Id}",
        };
        _thread.Start();
    }

    /// <summary>Waits up to <paramref name="timeout"/> for the connection's thread to end (not when called from it).</summary>
    public bool Join(TimeSpan timeout)
    {
        var thread = _thread;
        return thread is null || thread == Thread.CurrentThread || thread.Join(timeout);
    }

    /// <summary>Closes the connection: blocked receives, sends and waits on this connection return at once.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _closed.Cancel();
        try
        {
            // Shutdown wakes a thread blocked in recv/send on this socket; Close alone does not on Linux.
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
        }

        _socket.Close();
    }

    private void Run(Action<BrokerConnection> onClosed)
    {
        var frames = new FrameBuffer(ReceiveBufferSize, _maxFrameSize);
        try
        {
            Serve(frames);
            TryFlush();
        }
        catch (ProtocolException e)
        {
            TryFlush();
            ConnectionLog.MalformedFrame(_logger, _broker.Id, Id, e.Message);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // A gone peer or a closed connection.
        }
#pragma warning disable CA1031 // The connection's own thread: anything a handler throws closes this connection, never the process.
        catch (Exception e)
#pragma warning restore CA1031
        {
            ConnectionLog.HandlerFailed(_logger, _broker.Id, Id, e);
        }
        finally
        {
            Dispose();
            _output.Dispose();
            frames.Dispose();
            onClosed(this);
        }
    }

    /// <summary>The receive loop; returns when the connection is to close.</summary>
    private void Serve(FrameBuffer frames)
    {
        while (true)
        {
            while (frames.TryReadFrame(out var payload))
            {
                // Handlers are done with the bytes when they return (Produce copies records into the log; history detaches them).
                if (!HandleFrame(payload))
                {
                    return;
                }
            }

            // Nothing complete is buffered: the responses ready so far leave together, then wait for more bytes.
            Flush();
            var received = _socket.Receive(frames.GetReceiveSpace(), SocketFlags.None);
            if (received == 0)
            {
                return;
            }

            frames.Commit(received);
        }
    }
}
