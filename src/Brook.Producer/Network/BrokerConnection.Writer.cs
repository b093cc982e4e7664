using System.Net.Sockets;

namespace Brook.Producer.Network;

/// <summary>
/// The write side. The socket is non-blocking and one write token (<see cref="_writeToken"/>) says who may move bytes
/// from the send pipe to it. The thread that queued a request (normally the sender thread) takes the token and writes
/// what the kernel accepts; when the send buffer is full it hands the token, with the rest, to the connection's writer
/// thread, which waits for the socket in <see cref="Socket.Poll(int, SelectMode)"/> and writes on. Requests queued
/// meanwhile find the token taken and return at once: they are written behind the backlog, in order. Whoever releases
/// the token looks again for bytes queued while it held it ("whoever holds the token drains, re-check after release"),
/// so no bytes are stranded. Neither the caller nor the sender loop ever blocks on a full socket, and a steady stream of
/// requests that fit the send buffer involves no other thread at all.
/// </summary>
internal sealed partial class BrokerConnection
{
    /// <summary>Upper bound of one wait in poll(2); both I/O threads re-check the closed flag after each.</summary>
    private const int PollSliceMicroseconds = 500_000;

    private readonly object _writerGate = new();
    private int _writeToken;
    private long _bytesWritten;
    private bool _handOff;
    private bool _drainRequested;
    private volatile bool _closed;
    private Exception? _writeError;

    /// <summary>Bytes framed into the send pipe but not yet accepted by the socket.</summary>
    public long UnwrittenBytes => Volatile.Read(ref _bytesQueued) - Volatile.Read(ref _bytesWritten);

    /// <summary>Completes when the reader and writer threads have both ended (after a close).</summary>
    public Task IoThreadsEnded => Task.WhenAll(_readLoop, _writeLoop);

    /// <summary>
    /// Writes what is queued, on the calling thread, without blocking: takes the write token if free (else its holder
    /// writes these bytes too), sends until the pipe is empty or the kernel refuses more, and hands the token to the
    /// writer thread in the second case. A write error is also handed over: the writer thread closes the connection, so
    /// the caller's own request fails through its task like every other in-flight request (it may have been written).
    /// </summary>
    private void WriteFromCaller()
    {
        while (Interlocked.CompareExchange(ref _writeToken, 1, 0) == 0)
        {
            bool drained;
            try
            {
                drained = WritePending();
            }
            catch (Exception ex) when (IsWriteFailure(ex))
            {
                _writeError = ex;
                drained = false;
            }

            if (!drained)
            {
                HandOffToWriter();
                return;
            }

            if (!ReleaseWriteToken())
            {
                return;
            }
        }
    }

    /// <summary>Releases the token; true when bytes were queued meanwhile and the caller should try to take it again.</summary>
    private bool ReleaseWriteToken()
    {
        // Interlocked (a full fence) pairs with the queuing thread's CompareExchange after it published _bytesQueued:
        // either that thread gets the token or this read sees its bytes.
        Interlocked.Exchange(ref _writeToken, 0);
        return !_closed && Volatile.Read(ref _bytesQueued) != Volatile.Read(ref _bytesWritten);
    }

    /// <summary>
    /// Token holder only: sends pipe bytes with non-blocking sends. True when the pipe is empty (or the connection closed),
    /// false when the kernel's send buffer is full. Completes acks=0 requests whose last byte went out.
    /// </summary>
    private bool WritePending()
    {
        var reader = _sendPipe.Reader;
        var socket = _socket!;
        while (!_closed && reader.TryRead(out var result))
        {
            var buffer = result.Buffer;
            long sent = 0;
            var blocked = false;
            foreach (var segment in buffer)
            {
                var span = segment.Span;
                while (!span.IsEmpty)
                {
                    var count = socket.Send(span, SocketFlags.None, out var error);
                    if (error == SocketError.WouldBlock || (error == SocketError.Success && count == 0))
                    {
                        blocked = true;
                        break;
                    }

                    if (error != SocketError.Success)
                    {
                        throw new SocketException((int)error);
                    }

                    span = span[count..];
                    sent += count;
                }

                if (blocked)
                {
                    break;
                }
            }

            reader.AdvanceTo(buffer.GetPosition(sent));
            if (sent > 0)
            {
                var written = _bytesWritten + sent;
                Volatile.Write(ref _bytesWritten, written);
                CompleteWritten(written);
            }

            if (blocked)
            {
                return false;
            }

            if (buffer.IsEmpty)
            {
                return true;
            }
        }

        return true;
    }

    /// <summary>Completes, in order, the acks=0 requests whose last byte is among the <paramref name="written"/> bytes.</summary>
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

    /// <summary>Gives the token (held by the caller) and the unwritten rest to the writer thread.</summary>
    private void HandOffToWriter()
    {
        lock (_writerGate)
        {
            _handOff = true;
            Monitor.Pulse(_writerGate);
        }
    }

    /// <summary>Asks the writer thread to write everything still queued and end (graceful close; nothing is queued after).</summary>
    private void RequestWriterDrain()
    {
        lock (_writerGate)
        {
            _drainRequested = true;
            Monitor.Pulse(_writerGate);
        }
    }

    /// <summary>Wakes the writer thread so it sees the closed flag.</summary>
    private void WakeWriter()
    {
        lock (_writerGate)
        {
            Monitor.Pulse(_writerGate);
        }
    }

    /// <summary>
    /// The writer thread: sleeps until a caller hands it a backlog (or a graceful close asks it to drain), then waits for
    /// the socket to take more, writes on until the pipe is empty, and releases the token. Ends when the connection
    /// closes, or after the drain with the token kept, so nothing can be written after the half-close.
    /// </summary>
    private void RunWriter()
    {
        var holdsToken = false;
        try
        {
            while (true)
            {
                bool drain;
                lock (_writerGate)
                {
                    while (!_handOff && !_drainRequested && !_closed)
                    {
                        Monitor.Wait(_writerGate);
                    }

                    holdsToken |= _handOff;
                    _handOff = false;
                    drain = _drainRequested;
                }

                if (_closed)
                {
                    return;
                }

                if (!holdsToken)
                {
                    if (!TakeWriteToken())
                    {
                        return; // closed meanwhile: nothing more goes on the wire
                    }

                    holdsToken = true;
                }

                while (true)
                {
                    if (_writeError is { } error)
                    {
                        Close(Disconnected("writing to the socket failed: " + error.Message, error));
                        return;
                    }

                    if (!WriteAllWaiting() || drain)
                    {
                        return;
                    }

                    holdsToken = false;
                    if (!ReleaseWriteToken() || Interlocked.CompareExchange(ref _writeToken, 1, 0) != 0)
                    {
                        break;
                    }

                    holdsToken = true;
                }
            }
        }
        catch (Exception ex) when (IsWriteFailure(ex))
        {
            Close(Disconnected("writing to the socket failed: " + ex.Message, ex));
        }
        finally
        {
            // The pipe's memory goes back to its pool only when no one can read it any more: with the token kept for good.
            // A caller that holds it now (a write racing a close) leaves the pipe to the garbage collector instead.
            if (holdsToken || Interlocked.CompareExchange(ref _writeToken, 1, 0) == 0)
            {
                _sendPipe.Reader.Complete();
            }

            _writeDone.TrySetResult();
        }
    }

    /// <summary>Writer thread, holding the token: writes until the pipe is empty, polling while the socket is full; false once closed.</summary>
    private bool WriteAllWaiting()
    {
        var socket = _socket!;
        while (!WritePending())
        {
            if (_writeError is not null || _closed)
            {
                return false;
            }

            _ = socket.Poll(PollSliceMicroseconds, SelectMode.SelectWrite);
        }

        return !_closed;
    }

    /// <summary>
    /// Writer thread, for a drain: waits for a caller mid-write to release the token (it never blocks), or takes a
    /// hand-off. False when the connection closed first, so a token that is never released cannot spin this forever.
    /// </summary>
    private bool TakeWriteToken()
    {
        var spin = default(SpinWait);
        while (Interlocked.CompareExchange(ref _writeToken, 1, 0) != 0)
        {
            lock (_writerGate)
            {
                if (_handOff)
                {
                    _handOff = false;
                    return true;
                }
            }

            if (_closed)
            {
                return false;
            }

            spin.SpinOnce();
        }

        return true;
    }

    private static bool IsWriteFailure(Exception ex) =>
        ex is IOException or SocketException or ObjectDisposedException or InvalidOperationException;
}
