namespace Brook.Producer.Memory;

/// <summary>
/// Told that a reservation is about to wait for buffer.memory, under the pool's lock and before the waiter is queued:
/// so before any other thread (a release, the max.block.ms deadline, a cancellation, close) can complete the wait.
/// </summary>
internal interface IBufferWaitObserver
{
    /// <summary>The reservation waits (a field write: it runs under the pool's lock).</summary>
    void OnBufferWait();
}
