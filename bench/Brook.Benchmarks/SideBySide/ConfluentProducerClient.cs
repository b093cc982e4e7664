using Brook.TestSupport.Interop;
using Confluent.Kafka;

namespace Brook.Benchmarks.SideBySide;

/// <summary>Confluent.Kafka 2.16 (librdkafka) behind <see cref="IProducerClient"/>.</summary>
public sealed class ConfluentProducerClient : IProducerClient
{
    private readonly IProducer<Null, byte[]> _producer;
    private readonly Message<Null, byte[]> _message;
    private readonly Action<DeliveryReport<Null, byte[]>> _onDelivery;
    private TopicPartition[] _targets = [];
    private AckTracker? _tracker;

    /// <summary>Builds the producer; it connects on first send.</summary>
    public ConfluentProducerClient(ClientSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var config = ConfluentPeers.ProducerConfig(settings.BootstrapServers, settings.Acks == -1 ? Acks.All : Acks.Leader);
        config.LingerMs = settings.LingerMs;
        config.BatchSize = settings.BatchSize;
        config.MessageTimeoutMs = 120_000;
        config.QueueBufferingMaxMessages = 1_000_000;
        config.QueueBufferingMaxKbytes = 1_048_576;
        // Partition and offset are always reported; skip marshalling key/value/headers/timestamp back.
        config.DeliveryReportFields = "none";
        foreach (var (key, value) in settings.Properties)
        {
            config.Set(key, value);
        }

        _producer = new ProducerBuilder<Null, byte[]>(config).Build();
        // One message and one handler for the whole run: the harness adds no per-record allocation of its own.
        _message = new Message<Null, byte[]> { Value = settings.Payload };
        _onDelivery = OnDelivery;
    }

    /// <inheritdoc />
    public string Name => "confluent";

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
        while (true)
        {
            try
            {
                _producer.Produce(_targets[partition], _message, _onDelivery);
                return;
            }
            catch (ProduceException<Null, byte[]> e) when (e.Error.Code == ErrorCode.Local_QueueFull)
            {
                // Back-pressure: let delivery reports drain.
                _producer.Poll(TimeSpan.FromMilliseconds(10));
            }
        }
    }

    /// <inheritdoc />
    public ValueTask FlushAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var remaining = _producer.Flush(timeout);
        return remaining == 0
            ? ValueTask.CompletedTask
            : ValueTask.FromException(new TimeoutException($"confluent: {remaining} records unacknowledged after {timeout.TotalSeconds:0} s"));
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        _producer.Dispose();
        return ValueTask.CompletedTask;
    }

    private void OnDelivery(DeliveryReport<Null, byte[]> report)
    {
        var tracker = Volatile.Read(ref _tracker)!;
        if (report.Error.IsError)
        {
            tracker.Failed();
        }
        else
        {
            tracker.Acked(report.Partition.Value, report.Offset.Value);
        }
    }
}
