using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using System.Net.Sockets;
using Brook.Protocol;
using Brook.Protocol.Framing;
using Brook.Protocol.Messages;

namespace Brook.Producer.Network;

internal sealed partial class BrokerConnection
{
    private void StartLoops(Socket socket)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: false);
        _writeLoop = Task.Run(WriteLoopAsync);
        _readLoop = _readDone.Task;
        var reader = new Thread(static s => ((BrokerConnection)s!).RunReader()) { IsBackground = true, Name = "Brook reader " + Node };
        reader.Start(this);
    }

    private void RunReader()
    {
        try
        {
            ReadLoop();
        }
        finally
        {
            _readDone.TrySetResult();
        }
    }

    /// <summary>Copies framed requests from the send pipe to the socket; completes acks=0 requests once written.</summary>
    private async Task WriteLoopAsync()
    {
        var reader = _sendPipe.Reader;
        var stream = _stream!;
        long written = 0;
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync().ConfigureAwait(false);
                var buffer = result.Buffer;
                foreach (var segment in buffer)
                {
                    await stream.WriteAsync(segment).ConfigureAwait(false);
                }

                written += buffer.Length;
                reader.AdvanceTo(buffer.End);
                CompleteWritten(written);
                if (result.IsCompleted || result.IsCanceled)
                {
                    break;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or InvalidOperationException)
        {
            Close(Disconnected("writing to the socket failed: " + ex.Message, ex));
        }
        finally
        {
            await reader.CompleteAsync().ConfigureAwait(false);
        }
    }

    private void CompleteWritten(long written)
    {
        while (true)
        {
            InFlightRequest? done = null;
            lock (_lock)
            {
                if (_awaitingWrite.TryPeek(out var head) && head.EndOffset <= written)
                {
                    done = _awaitingWrite.Dequeue();
                    _lastActivityTimestamp = _time.GetTimestamp();
                    if (_awaitingResponse.Count == 0 && _awaitingWrite.Count == 0)
                    {
                        ArmTimerLocked(_lastActivityTimestamp);
                    }
                }
            }

            if (done is null)
            {
                return;
            }

            done.Complete(null);
        }
    }

    /// <summary>
    /// Reads frames and completes the oldest in-flight request with each; any mismatch closes the connection. Runs on
    /// the connection's own thread with blocking receives: the kernel wakes this thread when bytes arrive, instead of
    /// the socket engine's epoll thread queueing a thread-pool item per read (a hop, and a worker spinning after it).
    /// Every frame is copied out before decoding, so the receive buffer is reused at once.
    /// </summary>
    private void ReadLoop()
    {
        var buffer = ArrayPool<byte>.Shared.Rent(ReadBufferBytes);
        var start = 0;
        var end = 0;
        try
        {
            while (true)
            {
                if (end == buffer.Length)
                {
                    buffer = MakeRoom(buffer, ref start, ref end);
                }

                var read = _socket!.Receive(buffer, end, buffer.Length - end, SocketFlags.None);
                if (read == 0)
                {
                    Close(Disconnected(IsDraining() ? "the client closed the connection after the broker read every request" : "the broker closed the connection"));
                    return;
                }

                end += read;
                var unread = new ReadOnlySequence<byte>(buffer, start, end - start);
                while (FrameReader.TryReadFrame(ref unread, out var payload, _settings.MaxResponseSize))
                {
                    if (!OnFrame(payload))
                    {
                        return;
                    }
                }

                start = end - (int)unread.Length;
                if (start == end)
                {
                    start = end = 0;
                }
            }
        }
        catch (ProtocolException ex)
        {
            Close(Disconnected("the response stream is corrupt: " + ex.Message, ex));
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            Close(Disconnected("reading from the socket failed: " + ex.Message, ex));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    // The buffer is full: move the partial frame to the front, or grow when it already starts there (a frame larger
    // than the buffer; the frame's size was checked against the maximum by FrameReader before we get here again).
    private static byte[] MakeRoom(byte[] buffer, ref int start, ref int end)
    {
        if (start > 0)
        {
            buffer.AsSpan(start, end - start).CopyTo(buffer);
            end -= start;
            start = 0;
            return buffer;
        }

        var grown = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
        buffer.AsSpan(0, end).CopyTo(grown);
        ArrayPool<byte>.Shared.Return(buffer);
        return grown;
    }

    /// <summary>
    /// True for the id of an acks=0 request: one of the last remembered, or (ids rising per connection) one at or below
    /// the newest id that fell out of that window and older than the request now awaited. The mock answers acks=0
    /// requests in order but late, so a burst of more than the window must not break the connection (which would
    /// reset it and lose the requests the broker had not read yet).
    /// </summary>
    private bool IsNoResponseIdLocked(int correlationId, InFlightRequest? head) =>
        _noResponseIds.Contains(correlationId)
        || (correlationId <= _highestForgottenNoResponseId && (head is null || correlationId < head.CorrelationId));

    private bool IsDraining()
    {
        lock (_lock)
        {
            return _draining;
        }
    }

    /// <summary>Matches one frame to the head of the in-flight queue; false when the connection was closed for it.</summary>
    private bool OnFrame(ReadOnlySequence<byte> payload)
    {
        if (payload.Length < 4)
        {
            Close(Disconnected("a response frame is shorter than its correlation id"));
            return false;
        }

        Span<byte> idBytes = stackalloc byte[4];
        payload.Slice(0, 4).CopyTo(idBytes);
        var correlationId = BinaryPrimitives.ReadInt32BigEndian(idBytes);
        InFlightRequest? head;
        lock (_lock)
        {
            if (_state == ConnectionState.Closed)
            {
                return false;
            }

            if (!_awaitingResponse.TryPeek(out head) || head.CorrelationId != correlationId)
            {
                if (IsNoResponseIdLocked(correlationId, head))
                {
                    return true; // an answer to an acks=0 request (non-conforming broker): drop it
                }

                head = null;
            }
            else
            {
                _awaitingResponse.Dequeue();
                _lastActivityTimestamp = _time.GetTimestamp();
                ArmTimerLocked(_lastActivityTimestamp);
            }
        }

        if (head is null)
        {
            Close(Disconnected($"response correlation id {correlationId} does not match the oldest request in flight (Kafka answers in order)"));
            return false;
        }

        IApiResponse response;
        try
        {
            // Produce answers decode from the receive buffer into pooled objects; others from a copy (they may alias it).
            response = ResponseDecoder.Decode(head.ApiKey, head.Version, payload);
        }
        catch (ProtocolException ex)
        {
            var error = Disconnected($"the {head.ApiKey} v{head.Version} response could not be decoded: {ex.Message}", ex);
            head.Fail(error);
            Close(error);
            return false;
        }

        head.Complete(response);
        return true;
    }
}
