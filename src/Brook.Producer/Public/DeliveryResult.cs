namespace Brook.Producer;

/// <summary>
/// The outcome of producing one record: where it went and whether it was persisted. A struct (unlike Confluent's
/// class) so that reporting a delivery allocates nothing: <c>ProduceAsync</c> and callbacks cost no object per record.
/// </summary>
/// <typeparam name="TKey">The key type.</typeparam>
/// <typeparam name="TValue">The value type.</typeparam>
public readonly struct DeliveryResult<TKey, TValue>
{
    /// <summary>Creates an empty result (use an object initializer for <see cref="Topic"/> and <see cref="Message"/>).</summary>
    public DeliveryResult()
    {
    }

    /// <summary>The topic the record was sent to.</summary>
    public required string Topic { get; init; }

    /// <summary>The partition the record was sent to (<see cref="Partition.Any"/> if none was chosen).</summary>
    public Partition Partition { get; init; } = Partition.Any;

    /// <summary>The record's offset; <see cref="Offset.Unset"/> when unknown (acks=0, failure, duplicate).</summary>
    public Offset Offset { get; init; } = Offset.Unset;

    /// <summary>The record that was produced.</summary>
    public required Message<TKey, TValue> Message { get; init; }

    /// <summary>Whether the record reached the log.</summary>
    public PersistenceStatus Status { get; init; }

    /// <summary>The timestamp stored with the record (broker time for LogAppendTime topics).</summary>
    public Timestamp Timestamp { get; init; }

    /// <summary>The topic and partition.</summary>
    public TopicPartition TopicPartition => new(Topic, Partition);

    /// <summary>The topic, partition and offset.</summary>
    public TopicPartitionOffset TopicPartitionOffset => new(Topic, Partition, Offset);

    /// <summary>The record key.</summary>
    public TKey? Key => Message.Key;

    /// <summary>The record value.</summary>
    public TValue? Value => Message.Value;

    /// <summary>The failure when delivery failed (null on success). <see cref="Status"/> says whether the records may still be in the log.</summary>
    public KafkaException? Error { get; init; }
}
