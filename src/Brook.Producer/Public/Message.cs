namespace Brook.Producer;

/// <summary>A record to produce: key, value, optional headers and timestamp.</summary>
/// <typeparam name="TKey">The key type, serialized by the key serializer.</typeparam>
/// <typeparam name="TValue">The value type, serialized by the value serializer.</typeparam>
public sealed class Message<TKey, TValue>
{
    /// <summary>The key; null is written as a Kafka null key (sticky partitioning), unlike an empty key.</summary>
    public TKey? Key { get; init; }

    /// <summary>The value; null is written as a Kafka null value (a tombstone on compacted topics).</summary>
    public TValue? Value { get; init; }

    /// <summary>Optional headers; the producer reads them when the record is serialized.</summary>
    public Headers? Headers { get; init; }

    /// <summary>The record timestamp; <see cref="Timestamp.Default"/> means "stamp at send time".</summary>
    public Timestamp Timestamp { get; init; }
}
