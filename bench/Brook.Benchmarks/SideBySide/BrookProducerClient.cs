using Brook.Producer;
using Brook.TestSupport.Benchmarking;

namespace Brook.Benchmarks.SideBySide;

/// <summary>
/// Brook.Producer behind <see cref="IProducerClient"/>: the stateful <c>Produce(…, state, handler)</c> with a static
/// handler and the tracker as state, so neither side of the harness allocates per record.
/// </summary>
public sealed class BrookProducerClient : IProducerClient
{
    private static readonly Action<DeliveryResult<Null, byte[]>, AckTracker> OnDelivery = static (result, tracker) =>
    {
        if (result.Error is not null)
        {
            tracker.Failed();
        }
        else
        {
            tracker.Acked(result.Partition.Value, result.Offset.Value);
        }
    };

    private readonly KafkaProducer<Null, byte[]> _producer;
    private readonly Message<Null, byte[]> _message;
    private TopicPartition[] _targets = [];
    private AckTracker? _tracker;

    /// <summary>Builds the producer; it connects on first send.</summary>
    public BrookProducerClient(ClientSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var options = new ProducerOptions
        {
            BootstrapServers = settings.BootstrapServers,
            Acks = settings.Acks == -1 ? Acks.All : Acks.Leader,
            LingerMs = settings.LingerMs,
            BatchSize = settings.BatchSize,
            EnableIdempotence = false,
            DeliveryTimeoutMs = 120_000,
        };
        if (settings.Properties.Count > 0)
        {
            options = ProducerOptions.FromProperties(settings.Properties, options);
        }

        _producer = new ProducerBuilder<Null, byte[]>(options).Build();
        _message = new Message<Null, byte[]> { Value = settings.Payload };
    }

    /// <inheritdoc />
    public string Name => "brook";

    /// <inheritdoc />
    public void Target(string topic, int partitions, AckTracker tracker)
    {
        var targets = new TopicPartition[partitions];
        for (var p = 0; p < partitions; p++)
        {
            targets[p] = new TopicPartition(topic, p);
        }

        _targets = targets;
        Volatile.Write(ref _tracker, tracker);
    }

    /// <inheritdoc />
    public void Send(int partition)
    {
        var buffered = _producer.Produce(_targets[partition], _message, Volatile.Read(ref _tracker)!, OnDelivery);
        if (!buffered.IsCompletedSuccessfully)
        {
            // Back-pressure (buffer.memory full) or the first metadata: block like Java's send, without allocating
            // (AsTask() would allocate a Task per blocked send).
            ValueTaskBlocker.Wait(buffered);
        }
    }

    /// <inheritdoc />
    public async ValueTask FlushAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await _producer.FlushAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"brook: records unacknowledged after {timeout.TotalSeconds:0} s");
        }
    }

    /// <inheritdoc />
    public string Diagnostics()
    {
        // Java-style windowed metrics (30 s windows): a step's figures blend with the previous step's.
        var m = _producer.GetMetrics();
        return string.Create(
            System.Globalization.CultureInfo.InvariantCulture,
            $"queue avg/max {m.RecordQueueTimeAvg:N1}/{m.RecordQueueTimeMax:N0} ms, request avg/max {m.RequestLatencyAvg:N1}/{m.RequestLatencyMax:N0} ms, " +
            $"records/request {m.RecordsPerRequestAvg:N1}, batch avg {m.BatchSizeAvg:N0} B");
    }

    /// <inheritdoc />
    public double RecordsPerRequest() => _producer.GetMetrics().RecordsPerRequestAvg;

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _producer.DisposeAsync();
}
