using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Net.Sockets;
using Brook.Protocol.Errors;
using Brook.Protocol.Messages;

namespace Brook.Producer.Network;

/// <summary>
/// One TCP connection to one broker (Java's KafkaChannel + the Selector's share of it). Any thread may send; requests
/// are framed into an unbounded send pipe under a short lock and written to the non-blocking socket by the sending thread
/// itself; only what the kernel does not accept at once is left to the connection's writer thread. A reader thread
/// matches response frames to in-flight requests strictly in order (Kafka answers in request order). Anything
/// that breaks that order, a request timeout, an I/O error or <see cref="Close"/> fails every in-flight request and
/// closes the connection for good; <see cref="NetworkClient"/> then opens a new one.
/// </summary>
internal sealed partial class BrokerConnection : IAsyncDisposable
{
    /// <summary>How long a graceful close waits for the broker to close its side (see DrainAndHalfCloseAsync).</summary>
    private const int CloseLingerMs = 1_000;

    /// <summary>The reader's first receive buffer (it doubles for a larger frame).</summary>
    private const int ReadBufferBytes = 64 * 1024;

    private readonly NetworkSettings _settings;
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private readonly Queue<InFlightRequest> _awaitingResponse = new();
    private readonly Queue<InFlightRequest> _awaitingWrite = new();
    private readonly ConcurrentQueue<InFlightRequest> _pool = new();
    private readonly Queue<int> _noResponseIds = new();
    private int _highestForgottenNoResponseId = int.MinValue;
    private bool _draining;
    private readonly Pipe _sendPipe = new(new PipeOptions(pauseWriterThreshold: 0, resumeWriterThreshold: 0, useSynchronizationContext: false));
    private readonly RequestFramer _framer;
    private readonly ITimer _timer;
    private Socket? _socket;
    private readonly TaskCompletionSource _readDone = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _writeDone = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _readLoop = Task.CompletedTask;
    private Task _writeLoop = Task.CompletedTask;
    private int _nextCorrelationId;
    private long _bytesQueued;
    private long _lastActivityTimestamp;
    private ConnectionState _state;
    private KafkaException? _closeReason;
    private ApiVersionTable? _versions;

    private BrokerConnection(BrokerNode node, NetworkSettings settings)
    {
        Node = node;
        _settings = settings;
        _time = settings.TimeProvider;
        _framer = new RequestFramer(settings.ClientId);
        _lastActivityTimestamp = _time.GetTimestamp();
        _timer = _time.CreateTimer(static s => ((BrokerConnection)s!).OnTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Raised once when the connection closes, with the error every in-flight request failed with.</summary>
    public event Action<BrokerConnection, KafkaException>? Closed;

    /// <summary>The broker this connection talks to.</summary>
    public BrokerNode Node { get; }

    /// <summary>Where the connection is in its life cycle.</summary>
    public ConnectionState State
    {
        get
        {
            lock (_lock)
            {
                return _state;
            }
        }
    }

    /// <summary>The versions negotiated by the ApiVersions handshake (throws before the handshake finished).</summary>
    public ApiVersionTable Versions => _versions ?? throw new InvalidOperationException($"The connection to {Node} has not finished its ApiVersions handshake.");

    /// <summary>Requests written and still waiting for a response or for their write (acks=0).</summary>
    public int InFlightCount
    {
        get
        {
            lock (_lock)
            {
                return _awaitingResponse.Count + _awaitingWrite.Count;
            }
        }
    }

    /// <summary>True when ready and fewer than max.in.flight.requests.per.connection requests are in flight.</summary>
    public bool CanSendMore
    {
        get
        {
            lock (_lock)
            {
                return _state == ConnectionState.Ready
                    && !_draining
                    && _awaitingResponse.Count + _awaitingWrite.Count < _settings.MaxInFlightRequestsPerConnection;
            }
        }
    }

    /// <summary>Why the connection closed, or null while open.</summary>
    public KafkaException? CloseReason
    {
        get
        {
            lock (_lock)
            {
                return _closeReason;
            }
        }
    }

    /// <summary>
    /// Closes the connection (idempotent): fails every in-flight request with <paramref name="reason"/>, stops both loops
    /// and raises <see cref="Closed"/>.
    /// </summary>
    public void Close(KafkaException reason)
    {
        ArgumentNullException.ThrowIfNull(reason);
        InFlightRequest[] failed;
        lock (_lock)
        {
            if (_state == ConnectionState.Closed)
            {
                return;
            }

            _state = ConnectionState.Closed;
            _closed = true;
            _closeReason = reason;
            failed = [.. _awaitingResponse, .. _awaitingWrite];
            _awaitingResponse.Clear();
            _awaitingWrite.Clear();
            _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }

        _sendPipe.Writer.Complete();
        WakeWriter();
        try
        {
            _socket?.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
            // Already reset by the peer; disposing below is all that is left.
        }
        catch (ObjectDisposedException)
        {
            // Disposed by a racing close.
        }

        _socket?.Dispose();
        foreach (var request in failed)
        {
            request.Fail(reason);
        }

        Closed?.Invoke(this, reason);
    }

    /// <summary>Closes the connection (requests in flight fail as disconnected) and waits for both loops to end.</summary>
    public async ValueTask DisposeAsync()
    {
        await DrainAndHalfCloseAsync().ConfigureAwait(false);
        Close(Disconnected("the client closed the connection"));
        await _timer.DisposeAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll(_readLoop, _writeLoop).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // The loops end by failing on the disposed socket; their error was already reported through Close.
        }
    }

    /// <summary>
    /// The graceful part of <see cref="DisposeAsync"/>, only when nothing awaits an answer: lets the writer thread put the
    /// last bytes on the wire, sends FIN, and waits (at most <see cref="CloseLingerMs"/>, on the injected clock) for the
    /// broker to close its side, dropping stray acks=0 answers meanwhile. Closing a socket that still has unread input
    /// sends RST instead of FIN, and a broker that answers acks=0 (librdkafka's mock) can then lose the acks=0 requests
    /// it had not read yet, although the producer already reported them written.
    /// </summary>
    private async ValueTask DrainAndHalfCloseAsync()
    {
        lock (_lock)
        {
            if (_state != ConnectionState.Ready || _awaitingResponse.Count > 0 || _socket is null || _draining)
            {
                return;
            }

            _draining = true;
            _sendPipe.Writer.Complete();
        }

        RequestWriterDrain();
        try
        {
            var linger = TimeSpan.FromMilliseconds(CloseLingerMs);
            await _writeLoop.WaitAsync(linger, _time).ConfigureAwait(false);
            _socket.Shutdown(SocketShutdown.Send);
            await _readLoop.WaitAsync(linger, _time).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is TimeoutException or SocketException or ObjectDisposedException or IOException)
        {
            // The broker kept its side open or the socket already failed: the hard close that follows is all that is left.
        }
    }

    /// <summary>Puts a finished request object back for reuse.</summary>
    internal void ReturnToPool(InFlightRequest request) => _pool.Enqueue(request);

    private KafkaException Disconnected(string why, Exception? inner = null) =>
        new(ErrorCode.NetworkException, $"NETWORK_EXCEPTION: connection to broker {Node} closed: {why}. Requests in flight on it are retriable.", inner);
}
