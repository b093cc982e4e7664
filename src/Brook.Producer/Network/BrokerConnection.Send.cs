using System.Runtime.CompilerServices;
using Brook.Protocol;
using Brook.Protocol.Messages;

namespace Brook.Producer.Network;

internal sealed partial class BrokerConnection
{
    private const int MaxRememberedNoResponseIds = 64;

    /// <summary>
    /// Sends <paramref name="request"/> at the negotiated version (or <paramref name="version"/> when given) and returns
    /// the decoded response. A Produce request with <c>Acks = 0</c> gets no response: it completes with null once its
    /// bytes are written to the socket. Fails with a retriable <see cref="KafkaException"/> (NETWORK_EXCEPTION) when the
    /// connection closes first, with <see cref="KafkaTimeoutException"/> after request.timeout.ms, and with a fatal
    /// UNSUPPORTED_VERSION when the broker shares no version of the API with Brook.
    /// The framing runs synchronously on the caller's thread into a pooled pipe buffer; no per-request allocation. The
    /// caller then writes the pending bytes itself with non-blocking sends and never blocks: what the socket does not
    /// accept is left to the connection's writer thread (see <see cref="WriteFromCaller"/>).
    /// With <paramref name="inlineContinuation"/> the awaiter's continuation runs on the thread that completes the
    /// request (the reader, or for acks=0 whichever thread wrote its last byte, possibly the caller inside this call);
    /// only for continuations that merely queue the outcome.
    /// </summary>
    public ValueTask<IApiResponse?> SendAsync(IApiRequest request, short version = -1, bool inlineContinuation = false)
    {
        ArgumentNullException.ThrowIfNull(request);
        var key = request.ApiKey;
        var expectResponse = key != ApiKey.Produce || ((ProduceRequest)request).Acks != 0;
        InFlightRequest pending;
        ValueTask<IApiResponse?> task;
        lock (_lock)
        {
            if (_state == ConnectionState.Closed || _draining || (_state != ConnectionState.Ready && key != ApiKey.ApiVersions))
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
            pending.Start(correlationId, key, version, now + (_settings.RequestTimeoutMs * _time.TimestampFrequency / 1000), inlineContinuation);
            task = pending.Task;
            var queued = _bytesQueued + _framer.Write(_sendPipe.Writer, request, version, correlationId);
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
                pending.EndOffset = queued;
                _awaitingWrite.Enqueue(pending);
                RememberNoResponseIdLocked(correlationId);
            }

            // The pipe never pauses the writer (pauseWriterThreshold 0), so this flush completes synchronously. The
            // count is published after it: whoever reads the count sees the bytes in the pipe.
            _ = _sendPipe.Writer.FlushAsync();
            Volatile.Write(ref _bytesQueued, queued);
        }

        WriteFromCaller();
        return task;
    }

    /// <summary>Typed <see cref="SendAsync(IApiRequest, short, bool)"/> for requests that always get a response.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<TResponse> SendAsync<TResponse>(IApiRequest request, short version = -1)
        where TResponse : class, IApiResponse
    {
        var response = await SendAsync(request, version).ConfigureAwait(false);
        return response as TResponse
            ?? throw new InvalidOperationException($"{request.ApiKey} got {response?.GetType().Name ?? "no response"}, not {typeof(TResponse).Name}; use the untyped SendAsync for acks=0 produce requests.");
    }

    /// <summary>
    /// Remembers the last acks=0 correlation ids, so a broker that answers acks=0 anyway (librdkafka's mock,
    /// peers.md deviation 2) has that stray frame dropped instead of breaking the order check; the newest id pushed out
    /// of the window is kept so later answers to older ids are dropped too.
    /// </summary>
    private void RememberNoResponseIdLocked(int correlationId)
    {
        if (_noResponseIds.Count == MaxRememberedNoResponseIds)
        {
            _highestForgottenNoResponseId = _noResponseIds.Dequeue();
        }

        _noResponseIds.Enqueue(correlationId);
    }

    // Refused before anything was queued: the sender may report the batch as certainly not persisted.
    private RequestNotSentException NotOpen()
    {
        var reason = _closeReason ?? Disconnected(_state == ConnectionState.Closed ? "it is closed" : "it has not finished its ApiVersions handshake");
        return new RequestNotSentException(reason.Message, reason);
    }
}
