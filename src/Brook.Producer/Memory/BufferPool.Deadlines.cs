namespace Brook.Producer.Memory;

internal sealed partial class BufferPool
{
    // A timer period longer than this is split (System.Threading timers refuse more than ~49 days); a wake-up that
    // finds nothing expired just re-arms.
    private static readonly TimeSpan MaxTimerDue = TimeSpan.FromDays(1);

    // One timer for every waiter's max.block.ms (created on the first wait), armed for the earliest deadline it knows
    // of. A waiter that is served early leaves the timer armed: the wake-up finds nothing expired and re-arms for the
    // next waiter or goes idle. In steady state the timer is re-armed about once per max.block.ms, never per wait.
    private ITimer? _deadlineTimer;
    private long _timerDue = long.MaxValue;

    private long DeadlineAfter(long startTimestamp, long maxBlockMs)
    {
        var frequency = _time.TimestampFrequency;
        if (maxBlockMs >= long.MaxValue / frequency)
        {
            return long.MaxValue;
        }

        var ticks = maxBlockMs * frequency / 1000;
        return startTimestamp > long.MaxValue - ticks ? long.MaxValue : startTimestamp + ticks;
    }

    // Caller holds the lock. Arms the timer if this deadline comes before the one it is armed for.
    private void ScheduleDeadline(long deadline)
    {
        if (deadline >= _timerDue || deadline == long.MaxValue || _closed)
        {
            return;
        }

        _timerDue = deadline;
        var due = DueFromNow(deadline);
        if (_deadlineTimer is null)
        {
            _deadlineTimer = _time.CreateTimer(static state => ((BufferPool)state!).OnDeadlineTimer(), this, due, Timeout.InfiniteTimeSpan);
        }
        else
        {
            _deadlineTimer.Change(due, Timeout.InfiniteTimeSpan);
        }
    }

    // At least one tick (a timer never fires synchronously inside Change), at most MaxTimerDue.
    private TimeSpan DueFromNow(long deadline)
    {
        var remaining = deadline - _time.GetTimestamp();
        if (remaining <= 0)
        {
            return TimeSpan.FromTicks(1);
        }

        var frequency = _time.TimestampFrequency;
        if (remaining >= frequency * (long)MaxTimerDue.TotalSeconds)
        {
            return MaxTimerDue;
        }

        return TimeSpan.FromTicks(Math.Max(1, (long)((double)remaining * TimeSpan.TicksPerSecond / frequency)));
    }

    // Fails every waiter whose max.block.ms ran out (the memory it had gathered goes to the next waiter) and re-arms
    // for the earliest remaining deadline.
    private void OnDeadlineTimer()
    {
        Waiter? expired = null;
        lock (_lock)
        {
            _timerDue = long.MaxValue;
            if (_closed)
            {
                return;
            }

            var now = _time.GetTimestamp();
            var next = long.MaxValue;
            var node = _waiters.First;
            while (node is not null)
            {
                var waiter = node.Value;
                node = node.Next;
                if (waiter.Deadline <= now)
                {
                    Unlink(waiter);
                    waiter.NextReady = expired;
                    expired = waiter;
                }
                else if (waiter.Deadline < next)
                {
                    next = waiter.Deadline;
                }
            }

            if (expired is not null)
            {
                Pump();
            }

            ScheduleDeadline(next);
        }

        while (expired is not null)
        {
            var waiter = expired;
            expired = waiter.NextReady;
            waiter.NextReady = null;
            _metrics?.RecordBufferPoolWait(ElapsedNanoseconds(waiter.StartTimestamp));
            _metrics?.RecordBufferExhausted();
            Diagnostics.ProducerLog.BufferExhausted(Logger, waiter.Size, waiter.MaxBlockMs, TotalMemory);
            waiter.Fail(Internals.ThrowHelper.BufferExhausted(waiter.Size, waiter.MaxBlockMs, TotalMemory));
        }

        CompleteReady();
    }

    private void StopDeadlineTimer()
    {
        ITimer? timer;
        lock (_lock)
        {
            timer = _deadlineTimer;
            _deadlineTimer = null;
            _timerDue = long.MaxValue;
        }

        timer?.Dispose();
    }
}
