namespace Brook.Benchmarks.SideBySide;

/// <summary>
/// A producer under measurement. The harness owns the loop, the clock and the statistics; a client only sends and
/// reports acknowledgements, so Confluent.Kafka and Brook.Producer are measured by the same code.
/// </summary>
/// <remarks>
/// Contract: <see cref="Send"/> enqueues one record of <see cref="ClientSettings.Payload"/> (null key, no headers)
/// to the given partition of the current target and returns without waiting for the broker (block only for
/// back-pressure). For every record, the client's acknowledgement path calls <see cref="AckTracker.Acked"/> with the
/// partition and offset, or <see cref="AckTracker.Failed"/>. Sends must not allocate per record on the harness side.
/// </remarks>
public interface IProducerClient : IAsyncDisposable
{
    /// <summary>Short name printed in the table.</summary>
    string Name { get; }

    /// <summary>Points later sends at <paramref name="topic"/>; acknowledgements go to <paramref name="tracker"/>.</summary>
    void Target(string topic, int partitions, AckTracker tracker);

    /// <summary>Sends one record to <paramref name="partition"/> of the current target.</summary>
    void Send(int partition);

    /// <summary>
    /// One line of the client's own view of where time goes (queue time, request latency, batching), for sweep
    /// steps; empty when the client has none.
    /// </summary>
    string Diagnostics() => string.Empty;

    /// <summary>The client's average records per Produce request, or NaN when it does not say (per-request allocation figures).</summary>
    double RecordsPerRequest() => double.NaN;

    /// <summary>Completes when every record sent so far is acknowledged or failed; throws after <paramref name="timeout"/>.</summary>
    ValueTask FlushAsync(TimeSpan timeout, CancellationToken cancellationToken);
}
