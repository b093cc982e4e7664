using System.Buffers;
using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Brook.Protocol;
using Brook.Protocol.Framing;
using Brook.Protocol.Messages;

namespace Brook.Producer.Network;

internal sealed partial class BrokerConnection
{
    /// <summary>
    /// Starts the reader thread, which connects (<see cref="ConnectSocket"/>), publishes the non-blocking socket, starts
    /// the writer thread and then reads. Completes when the socket is connected (state Handshaking). From here on no
    /// socket operation goes through .NET's socket engine (epoll thread + thread pool): sends and receives are direct
    /// non-blocking system calls, and the two threads wait in <see cref="Socket.Poll(int, SelectMode)"/>.
    /// </summary>
    private Task StartAsync(IPAddress[] addresses, CancellationToken cancellationToken)
    {
        var connected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _readLoop = _readDone.Task;
        var reader = new Thread(() => RunReader(addresses, connected, cancellationToken)) { IsBackground = true, Name = "Brook reader " + Node };
        reader.Start();
        return connected.Task.WaitAsync(cancellationToken);
    }

    private void RunReader(IPAddress[] addresses, TaskCompletionSource connected, CancellationToken cancellationToken)
    {
        try
        {
            Socket? socket;
            try
            {
                socket = ConnectSocket(addresses, cancellationToken);
            }
            catch (Exception ex)
            {
                // After a setup timeout nobody awaits the outcome any more: cancel instead of leaving an unobserved fault.
                if (cancellationToken.IsCancellationRequested || _closed)
                {
                    connected.TrySetCanceled();
                }
                else
                {
                    connected.TrySetException(ex);
                }

                return;
            }

            if (socket is null || !Publish(socket))
            {
                socket?.Dispose();
                connected.TrySetCanceled(cancellationToken.IsCancellationRequested ? cancellationToken : new CancellationToken(true));
                return;
            }

            var writer = new Thread(static s => ((BrokerConnection)s!).RunWriter()) { IsBackground = true, Name = "Brook writer " + Node };
            writer.Start(this);
            connected.TrySetResult();
            ReadLoop();
        }
        finally
        {
            _readDone.TrySetResult();
        }
    }

    /// <summary>Makes the connected socket the connection's (state Handshaking); false when it was closed meanwhile.</summary>
    private bool Publish(Socket socket)
    {
        lock (_lock)
        {
            if (_state == ConnectionState.Closed)
            {
                return false;
            }

            _socket = socket;
            _state = ConnectionState.Handshaking;
            _writeLoop = _writeDone.Task;
            return true;
        }
    }

    /// <summary>
    /// Reads frames and completes the oldest in-flight request with each; any mismatch closes the connection. Runs on
    /// the connection's own thread: a non-blocking receive, and when the kernel has nothing, <c>poll(2)</c> on the socket
    /// (<see cref="WaitReadable"/>), so the kernel wakes this very thread when bytes arrive. A blocking-mode
    /// <c>Receive</c> would not do that here: once <c>ConnectAsync</c> registered the socket with .NET's engine, a sync
    /// receive that finds no data parks on an event that the engine's epoll thread sets (a second thread woken per
    /// response). After a receive that filled less than the free space the next step is the poll, not another receive
    /// that would only say EAGAIN. Every frame is copied out before decoding, so the receive buffer is reused at once.
    /// </summary>
    private void ReadLoop()
    {
        var buffer = ArrayPool<byte>.Shared.Rent(ReadBufferBytes);
        var start = 0;
        var end = 0;
        var socket = _socket!;
        var mayHaveMore = true;
        try
        {
            while (true)
            {
                if (end == buffer.Length)
                {
                    buffer = MakeRoom(buffer, ref start, ref end);
                }

                if (!mayHaveMore && !WaitReadable(socket))
                {
                    return;
                }

                var free = buffer.Length - end;
                var read = socket.Receive(buffer.AsSpan(end, free), SocketFlags.None, out var error);
                if (error == SocketError.WouldBlock)
                {
                    mayHaveMore = false;
                    continue;
                }

                if (error != SocketError.Success)
                {
                    throw new SocketException((int)error);
                }

                mayHaveMore = read == free;
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

                // The sender's pass for every answer of this receive, once (ResponseCompletion).
                ResponseCompletion.RunDeferredPass();

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
            ResponseCompletion.RunDeferredPass(); // answers completed before a close or a read failure
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Waits (in bounded slices that re-check the closed flag) until the socket is readable; false once closed.</summary>
    private bool WaitReadable(Socket socket)
    {
        while (!socket.Poll(PollSliceMicroseconds, SelectMode.SelectRead))
        {
            if (_closed)
            {
                return false;
            }
        }

        return true;
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

        // The sender's continuation may run its pass right here (Sender.OnSendCompleted): no second thread woken.
        ResponseCompletion.Run(static c => c.Head.Complete(c.Response), (Head: head, Response: response));
        return true;
    }
}
