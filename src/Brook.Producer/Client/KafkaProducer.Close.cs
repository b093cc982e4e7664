using Brook.Producer.Diagnostics;

namespace Brook.Producer;

public sealed partial class KafkaProducer<TKey, TValue>
{
    /// <summary>
    /// Stops accepting records, waits for what is buffered or in flight up to delivery.timeout.ms, then fails the rest
    /// with a "producer closed" error (NotPersisted if never sent, PossiblyPersisted if in flight) and closes the
    /// connections. Every pending send completes. To bound the wait differently use
    /// <see cref="CloseAsync(TimeSpan, CancellationToken)"/>.
    /// </summary>
    public ValueTask DisposeAsync() => CloseCoreAsync(_options.DeliveryTimeoutMs ?? ProducerOptions.DefaultDeliveryTimeoutMs, CancellationToken.None);

    /// <summary>
    /// Closes the producer as <see cref="DisposeAsync"/> does, waiting at most <paramref name="timeout"/> (Java's
    /// <c>close(Duration)</c>) for the records buffered or in flight: linger.ms is no longer waited for, and what is not
    /// acknowledged when the wait ends fails with a "producer closed" error (NotPersisted if never sent, PossiblyPersisted
    /// if in flight). <see cref="TimeSpan.Zero"/> fails them at once. Cancelling <paramref name="cancellationToken"/> ends
    /// the wait the same way, closes the producer and then throws <see cref="OperationCanceledException"/>. Sends after
    /// the call throw <see cref="ObjectDisposedException"/>; a second call (or dispose) returns at once.
    /// </summary>
    /// <param name="timeout">The longest wait for delivery; zero or more.</param>
    /// <param name="cancellationToken">Ends the wait early.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is negative.</exception>
    public async ValueTask CloseAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        if (timeout < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(timeout), timeout, "The close timeout must be zero (fail what is not yet acknowledged at once) or positive.");
        }

        await CloseCoreAsync((long)Math.Min(timeout.TotalMilliseconds, long.MaxValue / 2), cancellationToken).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
    }

    private async ValueTask CloseCoreAsync(long closeTimeoutMs, CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

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
