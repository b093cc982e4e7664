using System.Net.Sockets;
using Brook.Protocol.Records;

namespace Brook.Cluster.Network;

/// <summary>Responses: coalesced in one pooled buffer, written with blocking sends before the thread blocks.</summary>
internal sealed partial class BrokerConnection
{
    private const int InitialOutputSize = 64 * 1024;

    /// <summary>Responses pending beyond this many bytes are sent at once rather than after the buffered frames.</summary>
    private const int FlushThreshold = 256 * 1024;

    /// <summary>An output buffer grown beyond this (a large fetch) goes back to the pool after the send.</summary>
    private const int MaxRetainedOutput = 1024 * 1024;

    /// <summary>Sends every pending response (one syscall unless the socket buffer is full).</summary>
    private void Flush()
    {
        if (_output.WrittenCount == 0)
        {
            return;
        }

        var pending = _output.WrittenSpan;
        while (!pending.IsEmpty)
        {
            var sent = _socket.Send(pending, SocketFlags.None);
            pending = pending[sent..];
        }

        _output.Reset();
        if (_output.Capacity > MaxRetainedOutput)
        {
            _output.Dispose();
            _output = new PooledBufferWriter(InitialOutputSize);
        }
    }

    /// <summary>Sends what is pending if the socket still takes it; used on the way out.</summary>
    private void TryFlush()
    {
        try
        {
            Flush();
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
        }
    }

    /// <summary>The result of a handler; one that is not ready yet is waited for after the pending responses left.</summary>
    private T Wait<T>(ValueTask<T> pending)
    {
        if (pending.IsCompletedSuccessfully)
        {
            return pending.Result;
        }

        var task = pending.AsTask();
        Wait(task);
        return task.GetAwaiter().GetResult();
    }

    /// <summary>Blocks this connection's thread until <paramref name="task"/> ends or the connection closes.</summary>
    private void Wait(Task task)
    {
        if (!task.IsCompleted)
        {
            Flush();
            try
            {
                task.Wait(_closed.Token);
            }
            catch (AggregateException)
            {
                // Rethrown unwrapped below.
            }
        }

        task.GetAwaiter().GetResult();
    }
}
