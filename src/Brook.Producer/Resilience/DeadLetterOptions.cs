namespace Brook.Producer;

/// <summary>
/// The dead-letter queue of a <see cref="ResilientProducer{TKey, TValue}"/>: a record whose delivery finally failed
/// (rejected by the broker, retries exhausted, delivery.timeout.ms) is produced to <see cref="Topic"/> with its key,
/// value, timestamp and headers, plus the <see cref="DeadLetterHeaders"/> naming the original topic, partition and
/// error. The dead-letter send goes straight to the producer (no breaker, never dead-lettered again); if it fails
/// too, the original <see cref="ProduceException{TKey, TValue}"/> is thrown.
/// </summary>
public sealed record DeadLetterOptions
{
    /// <summary>The dead-letter topic (it must allow the records the original topic rejected, e.g. a larger max.message.bytes).</summary>
    public required string Topic { get; init; }

    /// <summary>
    /// Which failed deliveries go to the dead-letter topic (given the delivery's error); null uses
    /// <see cref="IsDeadLetterable"/>.
    /// </summary>
    public Func<KafkaException, bool>? ShouldDeadLetter { get; init; }

    /// <summary>
    /// The default <see cref="ShouldDeadLetter"/>: every final delivery failure except fatal ones (a fenced or
    /// unauthorized producer cannot write the dead-letter record either).
    /// </summary>
    public static bool IsDeadLetterable(KafkaException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return !error.IsFatal;
    }

    /// <summary>Checks the topic name; throws naming the problem.</summary>
    /// <exception cref="ArgumentException">The topic is empty.</exception>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Topic))
        {
            throw new ArgumentException("DeadLetterOptions.Topic must name the dead-letter topic (e.g. \"orders.dlq\").", nameof(Topic));
        }
    }
}
