using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using System.Net.Sockets;
using Brook.Cluster.Faults;
using Brook.Cluster.Handlers;
using Brook.Cluster.Model;
using Brook.Cluster.Observability;
using Brook.Protocol;
using Brook.Protocol.Errors;
using Brook.Protocol.Framing;
using Brook.Protocol.Messages;
using Brook.Protocol.Primitives;

namespace Brook.Cluster.Network;

/// <summary>
/// One client connection of one broker. Like Kafka's socket server it handles one request at a time in arrival order
/// (later pipelined requests wait in the socket buffer), so responses leave in request order; acks=0 produces leave a
/// gap. Frames come through System.IO.Pipelines; a bad frame, an unknown API key or an unserved version closes the
/// connection (protocol.md §1, §6).
/// </summary>
internal sealed class BrokerConnection : IAsyncDisposable
{
    private readonly ClusterState _cluster;
    private readonly BrokerNode _broker;
    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly CancellationTokenSource _closed = new();
    private readonly string _clientHost;

    public BrokerConnection(ClusterState cluster, BrokerNode broker, Socket socket, long id)
    {
        _cluster = cluster;
        _broker = broker;
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
        _clientHost = socket.RemoteEndPoint is System.Net.IPEndPoint peer ? "/" + peer.Address : string.Empty;
        Id = id;
    }

    /// <summary>Connection id, unique in the cluster.</summary>
    public long Id { get; }

    /// <summary>Serves requests until the peer closes, a rule closes the connection, or <see cref="DisposeAsync"/>.</summary>
    public async Task RunAsync()
    {
        // Large read buffers keep typical produce frames in one segment (no copy).
        var reader = PipeReader.Create(_stream, new StreamPipeReaderOptions(bufferSize: 64 * 1024, minimumReadSize: 16 * 1024));
        var writer = PipeWriter.Create(_stream);
        var ct = _closed.Token;
        try
        {
            while (true)
            {
                var read = await reader.ReadAsync(ct).ConfigureAwait(false);
                var buffer = read.Buffer;
                var keepOpen = true;
                while (keepOpen && FrameReader.TryReadFrame(ref buffer, out var payload))
                {
                    if (payload.IsSingleSegment)
                    {
                        keepOpen = await HandleFrameAsync(payload.First, writer, ct).ConfigureAwait(false);
                        continue;
                    }

                    // A frame spanning segments is copied into a pooled array, returned once the request is answered:
                    // handlers are done with the bytes by then (Produce copies records into the log; history detaches them).
                    var length = (int)payload.Length;
                    var rented = ArrayPool<byte>.Shared.Rent(length);
                    try
                    {
                        payload.CopyTo(rented);
                        keepOpen = await HandleFrameAsync(rented.AsMemory(0, length), writer, ct).ConfigureAwait(false);
                    }
                    finally
                    {
                        ArrayPool<byte>.Shared.Return(rented);
                    }
                }

                reader.AdvanceTo(buffer.Start, buffer.End);
                if (!keepOpen || read.IsCompleted)
                {
                    return;
                }
            }
        }
        catch (Exception e) when (e is ProtocolException or IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // Malformed input or a gone peer: the connection closes, as a Kafka broker's does.
        }
        finally
        {
            await reader.CompleteAsync().ConfigureAwait(false);
            await writer.CompleteAsync().ConfigureAwait(false);
            await DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Closes the connection.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_closed.IsCancellationRequested)
        {
            await _closed.CancelAsync().ConfigureAwait(false);
        }

        _socket.Close();
        await _stream.DisposeAsync().ConfigureAwait(false);
    }

    private async ValueTask<bool> HandleFrameAsync(ReadOnlyMemory<byte> frame, PipeWriter writer, CancellationToken ct)
    {
        if (!_broker.IsUp || frame.Length < 8)
        {
            return false;
        }

        var span = frame.Span;
        var key = (ApiKey)BinaryPrimitives.ReadInt16BigEndian(span);
        var version = BinaryPrimitives.ReadInt16BigEndian(span[2..]);
        var correlationId = BinaryPrimitives.ReadInt32BigEndian(span[4..]);
        var received = _cluster.TimeProvider.GetUtcNow();
        if (!RequestHandlers.TryGetRange(_cluster, key, out var range))
        {
            return false;
        }

        if (key == ApiKey.ApiVersions && version > range.MaxVersion)
        {
            ApiVersionsHandler.WriteUnsupportedVersion(writer, correlationId, range.MaxVersion);
            await writer.FlushAsync(ct).ConfigureAwait(false);
            Record(key, version, correlationId, null, received, RequestOutcome.Answered, null, null);
            return true;
        }

        if (!range.IsAccepted(version))
        {
            return false;
        }

        var reader = new ProtocolReader(frame);
        var header = RequestHeader.Read(ref reader, HeaderVersions.Request(key, version));
        var body = frame[reader.Position..];

        var injected = ErrorCode.None;
        var after = FaultAction.Error;
        if (_cluster.Faults.TryTake((short)key, _broker.Id, null, 0, out var fault))
        {
            if (fault.DelayMs > 0)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(fault.DelayMs), _cluster.TimeProvider, ct).ConfigureAwait(false);
            }

            switch (fault.Action)
            {
                case FaultAction.DisconnectBeforeAppend:
                    Record(key, version, correlationId, header.ClientId, received, RequestOutcome.Closed, null, null);
                    return false;
                case FaultAction.Error:
                    injected = fault.Error;
                    break;
                default:
                    after = fault.Action;
                    break;
            }
        }

        var context = new RequestContext(_cluster, _broker.Id, Id, key, version, correlationId, injected) { ClientId = header.ClientId, ClientHost = _clientHost };
        var result = await RequestHandlers.HandleAsync(context, body).ConfigureAwait(false);
        var latency = _cluster.Faults.LatencyMs(_broker.Id, (short)key);
        if (latency > 0)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(latency), _cluster.TimeProvider, ct).ConfigureAwait(false);
        }

        if (after == FaultAction.DisconnectAfterAppend || result.Action == ResponseAction.Close)
        {
            Record(key, version, correlationId, header.ClientId, received, RequestOutcome.Closed, result.Request, result.Response);
            return false;
        }

        if (after == FaultAction.SwallowResponse)
        {
            // The response never comes and, as requests are served in order, nothing after it either.
            Record(key, version, correlationId, header.ClientId, received, RequestOutcome.Swallowed, result.Request, result.Response);
            await Task.Delay(Timeout.Infinite, ct).ConfigureAwait(false);
            return false;
        }

        // Recorded before the answer leaves: a client that saw the answer must find the request in the history.
        Record(key, version, correlationId, header.ClientId, received, result.Action == ResponseAction.Respond ? RequestOutcome.Answered : RequestOutcome.NoResponse, result.Request, result.Response);
        if (result.Action == ResponseAction.Respond)
        {
            MessageWriter.WriteFrame(writer, new ResponseHeader { CorrelationId = correlationId }, HeaderVersions.Response(key, version), result.Response!, version);
            await writer.FlushAsync(ct).ConfigureAwait(false);
        }

        return true;
    }

    private void Record(ApiKey key, short version, int correlationId, string? clientId, DateTimeOffset received, RequestOutcome outcome, IApiRequest? request, IApiResponse? response)
    {
        if (_cluster.History.Capacity == 0)
        {
            return;
        }

        _cluster.History.Add(new RequestRecord
        {
            BrokerId = _broker.Id,
            ConnectionId = Id,
            ApiKey = (short)key,
            ApiVersion = version,
            CorrelationId = correlationId,
            ClientId = clientId,
            ReceivedAt = received,
            AnsweredAt = _cluster.TimeProvider.GetUtcNow(),
            Outcome = outcome,
            Request = request,
            Response = response,
        });
    }
}
