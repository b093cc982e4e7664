using Brook.Producer.Diagnostics;

namespace Brook.Producer;

public sealed partial class KafkaProducer<TKey, TValue>
{
    /// <summary>
    /// Stops accepting records, waits for what is buffered or in flight up to delivery.timeout.ms, then fails the rest
    /// with a "producer closed" error (NotPersisted if never sent, PossiblyPersisted if in flight) and closes the
    /// connections. Every pending send completes. To bound the wait differently use
    /// <see cref="CloseAsync(CancellationToken)"/>.
    /// </summary>
    public ValueTask DisposeAsync() => CloseCoreAsync(CancellationToken.None);

    /// <summary>
    /// Closes the producer as <see cref="DisposeAsync"/> does (linger.ms is no longer waited for; the wait for the records
    /// buffered or in flight lasts at most delivery.timeout.ms), and ends that wait early when
    /// <paramref name="cancellationToken"/> is cancelled: the close is then no longer graceful, and what is not
    /// acknowledged fails with a "producer closed" error (NotPersisted if never sent, PossiblyPersisted if in flight).
    /// Java's <c>close(Duration)</c> is a token that cancels after the duration, e.g.
    /// <c>new CancellationTokenSource(TimeSpan.FromSeconds(5)).Token</c>; an already cancelled token fails them at once
    /// (<c>close(Duration.ZERO)</c>). The producer is closed when the returned task completes, cancelled or not, so
    /// cancellation does not throw (as <c>IHost.StopAsync</c>). Sends after the call throw
    /// <see cref="ObjectDisposedException"/>; a second call (or dispose) returns at once.
    /// </summary>
    /// <param name="cancellationToken">Ends the graceful wait; the close itself always completes.</param>
    public ValueTask CloseAsync(CancellationToken cancellationToken = default) => CloseCoreAsync(cancellationToken);

    private async ValueTask CloseCoreAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        var closeTimeoutMs = _options.DeliveryTimeoutMs ?? ProducerOptions.DefaultDeliveryTimeoutMs;

        ProducerLog.Closing(_log, _options.ClientId, closeTimeoutMs);

        // As Java's close: no more linger, every batch is sendable; wait (on the producer's clock) until nothing is
        // incomplete, the bound passes or the caller cancels; then the sender fails whatever is left.
        _accumulator.Close();
        _sender.Wakeup();
        var deadline = NowMs() + closeTimeoutMs;
        while (!_sender.IsIdle && NowMs() < deadline && !cancellationToken.IsCancellationRequested)
        {
            var poll = TimeSpan.FromMilliseconds(Math.Clamp(deadline - NowMs(), 1, 20));
            await Task.Delay(poll, _time, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        await _sender.CloseAsync(0).ConfigureAwait(false);
        _metadata.Close();
        await _sender.DisposeAsync().ConfigureAwait(false);
        await _dispatcher.DisposeAsync().ConfigureAwait(false);
        if (_network is not null)
        {
            await _network.DisposeAsync().ConfigureAwait(false);
        }

        _metrics.Dispose();
        ProducerLog.Closed(_log, _options.ClientId);
    }

    private long NowMs() => _time.GetUtcNow().ToUnixTimeMilliseconds();
}
