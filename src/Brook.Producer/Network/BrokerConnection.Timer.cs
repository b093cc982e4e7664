using System.Globalization;

namespace Brook.Producer.Network;

internal sealed partial class BrokerConnection
{
    /// <summary>When the timer is due (TimeProvider ticks), long.MaxValue when it is not armed.</summary>
    private long _armedDueTimestamp = long.MaxValue;

    /// <summary>
    /// One timer per connection, due at the oldest request's deadline while requests wait for responses (FIFO with one
    /// timeout, so the head expires first), else at the idle deadline (connections.max.idle.ms after the last activity).
    /// It is only moved earlier, never later: deadlines only grow (FIFO, one timeout; activity only moves forward), so a
    /// timer already armed at an earlier time just fires early and <see cref="OnTimer"/> re-arms it for what is due
    /// then. Re-arming a .NET timer to a different time wakes the timer thread, and doing it on every request and every
    /// response was the busiest futex of the client at low rates.
    /// </summary>
    private void ArmTimerLocked(long nowTimestamp)
    {
        if (_state == ConnectionState.Closed)
        {
            return;
        }

        long due;
        if (_awaitingResponse.TryPeek(out var head))
        {
            due = head.DeadlineTimestamp;
        }
        else if (_awaitingWrite.Count == 0 && _state == ConnectionState.Ready)
        {
            due = _lastActivityTimestamp + (_settings.ConnectionsMaxIdleMs * _time.TimestampFrequency / 1000);
        }
        else
        {
            return; // nothing to time now; a timer still armed fires, finds nothing due and re-arms when needed
        }

        if (due >= _armedDueTimestamp)
        {
            return;
        }

        _armedDueTimestamp = due;
        var delay = TimeSpan.FromSeconds(Math.Max(0, due - nowTimestamp) / (double)_time.TimestampFrequency);
        _timer.Change(delay < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : delay, Timeout.InfiniteTimeSpan);
    }

    private void OnTimer()
    {
        KafkaException? reason = null;
        lock (_lock)
        {
            var now = _time.GetTimestamp();
            _armedDueTimestamp = long.MaxValue;
            if (_state == ConnectionState.Closed)
            {
                return;
            }

            if (_awaitingResponse.TryPeek(out var head))
            {
                if (head.DeadlineTimestamp <= now)
                {
                    reason = new KafkaTimeoutException(string.Create(
                        CultureInfo.InvariantCulture,
                        $"REQUEST_TIMED_OUT: {head.ApiKey} request (correlation id {head.CorrelationId}) to broker {Node} got no response within request.timeout.ms={_settings.RequestTimeoutMs}; the connection was closed and its {_awaitingResponse.Count + _awaitingWrite.Count} in-flight request(s) failed. They are retriable."));
                }
            }
            else if (_awaitingWrite.Count == 0 && _state == ConnectionState.Ready
                && now - _lastActivityTimestamp >= _settings.ConnectionsMaxIdleMs * _time.TimestampFrequency / 1000)
            {
                reason = Disconnected(string.Create(CultureInfo.InvariantCulture, $"idle for connections.max.idle.ms={_settings.ConnectionsMaxIdleMs}"));
            }

            if (reason is null)
            {
                ArmTimerLocked(now);
                return;
            }
        }

        Close(reason);
    }
}
