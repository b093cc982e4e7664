using Brook.Producer.Accumulator;
using Brook.Producer.Network;

namespace Brook.Producer.Sending;

/// <summary>
/// Who runs a pass, and when the loop thread sleeps. The sender's state is single-threaded by a pass token, not by a
/// thread: a pass runs only while its thread holds <see cref="_passOwner"/> (taken with an interlocked exchange, released
/// with one, so each pass sees everything the previous one wrote). The loop thread takes it after each wake-up; a
/// connection's reader that just completed a request with its response takes it too when it is free (the loop thread is
/// asleep), so an answer is handled without waking a second thread. Whoever fails to take it leaves a request
/// (<see cref="_passWanted"/>) that the holder serves before it lets go.
/// </summary>
internal sealed partial class Sender : IReaderPass
{
    private const int PassFree = 0;
    private const int PassRunning = 1;
    private const int PassClosed = 2;

    // The longest the loop thread sleeps between passes (a safety net: every pass re-reads the whole state).
    private const long MaxSleepMs = 250;

    private int _passOwner;
    private int _passWanted;

    // When the next pass is due by time (injected clock, Unix ms), as computed by the last pass; MaxValue before one ran.
    private long _dueMs = long.MaxValue;

    // What the loop thread sleeps until; MinValue while it is awake. A pass on another thread that finds something due
    // earlier wakes it.
    private long _sleepUntilMs = long.MinValue;

    // Started (a loop thread exists): readers may run passes. Off for tests that drive RunOnceAsync and after close.
    private volatile bool _inlinePasses;
    private long _passCount;

    /// <summary>Passes run so far (tests: how often the loop worked).</summary>
    internal long PassCount => Interlocked.Read(ref _passCount);

    /// <summary>True while the loop thread sleeps (or is about to) until a wake-up or its due time.</summary>
    internal bool IsLoopAsleep => Volatile.Read(ref _sleepUntilMs) != long.MinValue;

    /// <summary>Consumes a pending wake-up of the loop thread (tests: was the loop woken?).</summary>
    internal bool TakeWakeup() => _wake.TryTake();

    /// <summary>
    /// Wakes the loop after an append only when a pass is needed sooner than one will run anyway (Java wakes the sender
    /// on every new or full batch): a full batch always wakes it; a new batch is sendable after linger.ms, so when the
    /// loop already sleeps until no later than that, or a pass is running (it may have read the deques before this
    /// append), the wake is skipped or given. At low rates most new batches find the loop sleeping until an earlier
    /// batch's linger expiry: each skipped wake is a futex wake and a pass saved.
    /// </summary>
    public void WakeupForAppend(in RecordAppendResult result)
    {
        // The batch itself is not read: the caller holds no hold on it (batches are pooled); its creation time came with
        // the append.
        if (result.BatchIsFull || (result.NewBatchCreated && !PassRunsBy(result.BatchCreatedMs + _lingerMs)))
        {
            _wake.Set();
        }
    }

    // True when a pass will see the appended batch by readyAtMs without a wake: no pass holds the token (one that does
    // may have read the deques before the append) and the last pass planned the next one by then. Conservative for
    // whatever makes a batch sendable at once (linger 0, flush, close, a completing transaction, callers waiting for
    // buffer.memory).
    private bool PassRunsBy(long readyAtMs)
    {
        if (_lingerMs <= 0 || _transactionalId is not null || _accumulator.FlushInProgress || _accumulator.IsClosed || _accumulator.HasMemoryWaiters)
        {
            return false;
        }

        // Full fence: the append's writes (under the deque lock) before reading the token, pairing with the pass's
        // interlocked take of it before its ready check. Either that pass reads the new batch, or this sees it running.
        Interlocked.MemoryBarrier();
        return Volatile.Read(ref _passOwner) == PassFree && Volatile.Read(ref _dueMs) <= readyAtMs;
    }

    /// <summary>
    /// Asks for a pass and runs it when the token is free, then any pass asked for meanwhile; returns at once when
    /// another thread holds it (that thread runs the asked-for pass before it lets go).
    /// </summary>
    private void RunPasses()
    {
        Interlocked.Exchange(ref _passWanted, 1);
        while (Volatile.Read(ref _passWanted) == 1 && Interlocked.CompareExchange(ref _passOwner, PassRunning, PassFree) == PassFree)
        {
            try
            {
                while (Interlocked.Exchange(ref _passWanted, 0) == 1 && !_stop.IsCancellationRequested)
                {
                    RunPassSafely();
                }
            }
            finally
            {
                // Interlocked (a full fence) before the loop re-reads _passWanted: a thread that asked while this one held
                // the token either sees it free or has its request seen here.
                Interlocked.Exchange(ref _passOwner, PassFree);
            }
        }
    }

    /// <summary>
    /// A reader's pass (<see cref="ResponseCompletion.RunDeferredPass"/>): one pass when the token is free, and whatever is
    /// asked for meanwhile goes to the loop thread. A reader never loops on passes: its socket waits while it runs one
    /// (with acks=0 every pass's writes would ask for the next).
    /// </summary>
    void IReaderPass.RunReaderPass()
    {
        if (!_inlinePasses)
        {
            Wakeup(); // closing: the loop thread (or close) handles the answer
            return;
        }

        Interlocked.Exchange(ref _passWanted, 1);
        if (Interlocked.CompareExchange(ref _passOwner, PassRunning, PassFree) != PassFree)
        {
            return; // the holder serves the request before it lets go (or hands it to the loop thread, if a reader)
        }

        try
        {
            if (Interlocked.Exchange(ref _passWanted, 0) == 1 && !_stop.IsCancellationRequested)
            {
                RunPassSafely();
            }
        }
        finally
        {
            Interlocked.Exchange(ref _passOwner, PassFree); // a full fence before the read below (see RunPasses)
        }

        if (Volatile.Read(ref _passWanted) == 1)
        {
            _wake.Set();
        }
    }

    /// <inheritdoc />
    void IReaderPass.WakeLoop() => Wakeup();

    private void RunPassSafely()
    {
        try
        {
            _ = RunOnceAsync().Result; // completes synchronously: a pass never awaits
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The loop must survive anything one pass throws; the batches involved were failed or will expire.
            Diagnostics.SenderLog.SenderPassFailed(_log, ex);
            PublishDue(NowMs() + 10);
        }
    }

    /// <summary>Records when the next pass is due; wakes the loop thread when it sleeps until later than that.</summary>
    private void PublishDue(long dueMs)
    {
        Interlocked.Exchange(ref _dueMs, dueMs);
        if (dueMs < Volatile.Read(ref _sleepUntilMs))
        {
            _wake.Set();
        }
    }

    /// <summary>
    /// Loop thread only: sleeps until woken or until the last pass's due time, at most <see cref="MaxSleepMs"/>. A
    /// timed wake that finds the due time moved later (a pass ran on a reader meanwhile) sleeps on without a pass.
    /// </summary>
    private void SleepUntilDue()
    {
        while (!_stop.IsCancellationRequested)
        {
            var due = Volatile.Read(ref _dueMs);
            Interlocked.Exchange(ref _sleepUntilMs, due); // a full fence, pairing with PublishDue's exchange then read
            if (Volatile.Read(ref _dueMs) != due)
            {
                continue; // a pass elsewhere published a new due time between the two reads
            }

            var nowMs = NowMs();
            var signaled = _wake.Wait(due <= nowMs ? 0 : Math.Min(due - nowMs, MaxSleepMs));
            Interlocked.Exchange(ref _sleepUntilMs, long.MinValue);

            // Sleep on only when a pass elsewhere moved the due time later; a wait that ran its course with the due time
            // unchanged passes (at least every MaxSleepMs, as before: a wall clock stepped back must not stall the loop).
            var dueNow = Volatile.Read(ref _dueMs);
            if (signaled || dueNow == due || dueNow <= NowMs())
            {
                return;
            }
        }
    }

    /// <summary>
    /// Takes the pass token for good (waiting out a pass running on a reader): close fails what remains on its own
    /// thread, and no pass may run beside or after it.
    /// </summary>
    private void TakePassesForGood()
    {
        _inlinePasses = false;
        var spin = default(SpinWait);
        while (Interlocked.CompareExchange(ref _passOwner, PassClosed, PassFree) == PassRunning)
        {
            spin.SpinOnce();
        }
    }

    /// <summary>A reader completing a request with its response runs the pass itself when the loop thread is idle.</summary>
    private bool CanRunPassHere() => _inlinePasses && ResponseCompletion.IsOnReader;
}
