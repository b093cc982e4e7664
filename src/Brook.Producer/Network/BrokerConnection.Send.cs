using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using Brook.Protocol;
using Brook.Protocol.Messages;
using Brook.Protocol.Primitives;

namespace Brook.Producer.Network;

internal sealed partial class BrokerConnection
{
    /// <summary>
    /// Sends <paramref name="request"/> at the negotiated version (or <paramref name="version"/> when given) and returns
    /// the decoded response. A Produce request with <c>Acks = 0</c> gets no response: it completes with null once its
    /// bytes are written to the socket. Fails with a retriable <see cref="KafkaException"/> (NETWORK_EXCEPTION) when the
    /// connection closes first, with <see cref="KafkaTimeoutException"/> after request.timeout.ms, and with a fatal
    /// UNSUPPORTED_VERSION when the broker shares no version of the API with Brook.
    /// The framing runs synchronously on the caller's thread into a pooled pipe buffer; no per-request allocation.
    /// </summary>
    public ValueTask<IApiResponse?> SendAsync(IApiRequest request, short version = -1)
    {
        ArgumentNullException.ThrowIfNull(request);
        var key = request.ApiKey;
        var expectResponse = key != ApiKey.Produce || ((ProduceRequest)request).Acks != 0;
        InFlightRequest pending;
        lock (_lock)
        {
            if (_state == ConnectionState.Closed || (_state != ConnectionState.Ready && key != ApiKey.ApiVersions))
            {
                return ValueTask.FromException<IApiResponse?>(NotOpen());
            }

            if (version < 0)
            {
                version = _versions!.GetVersion(key, Node);
            }

            if (!_pool.TryDequeue(out pending!))
            {
                pending = new InFlightRequest(this);
            }

            var correlationId = _nextCorrelationId++;
            var now = _time.GetTimestamp();
            pending.Start(correlationId, key, version, now + (_settings.RequestTimeoutMs * _time.TimestampFrequency / 1000));
            _bytesQueued += WriteFrame(request, key, version, correlationId);
            _lastActivityTimestamp = now;
            if (expectResponse)
            {
                _awaitingResponse.Enqueue(pending);
                if (_awaitingResponse.Count == 1)
                {
                    ArmTimerLocked(now);
                }
            }
            else
            {
                pending.EndOffset = _bytesQueued;
                _awaitingWrite.Enqueue(pending);
            }

            // The pipe never pauses the writer (pauseWriterThreshold 0), so this flush completes synchronously.
            _ = _sendPipe.Writer.FlushAsync();
        }

        return pending.Task;
    }

    /// <summary>Typed <see cref="SendAsync(IApiRequest, short)"/> for requests that always get a response.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<TResponse> SendAsync<TResponse>(IApiRequest request, short version = -1)
        where TResponse : class, IApiResponse
    {
        var response = await SendAsync(request, version).ConfigureAwait(false);
        return response as TResponse
            ?? throw new InvalidOperationException($"{request.ApiKey} got {response?.GetType().Name ?? "no response"}, not {typeof(TResponse).Name}; use the untyped SendAsync for acks=0 produce requests.");
    }

    /// <summary>Frames header + body straight into the send pipe: Size int32, header, body.</summary>
    private int WriteFrame(IApiRequest request, ApiKey key, short version, int correlationId)
    {
        _header.RequestApiKey = (short)key;
        _header.RequestApiVersion = version;
        _header.CorrelationId = correlationId;
        var headerVersion = HeaderVersions.Request(key, version);
        var payload = _header.ComputeSize(headerVersion) + request.ComputeSize(version);
        var total = 4 + payload;
        var writer = _sendPipe.Writer;
        var span = writer.GetSpan(total)[..total];
        BinaryPrimitives.WriteInt32BigEndian(span, payload);
        var protocolWriter = new ProtocolWriter(span[4..]);
        _header.Write(ref protocolWriter, headerVersion);
        request.Write(ref protocolWriter, version);
        writer.Advance(total);
        return total;
    }

    private KafkaException NotOpen() =>
        _closeReason ?? Disconnected(_state == ConnectionState.Closed ? "it is closed" : "it has not finished its ApiVersions handshake");
}
