namespace Brook.Producer;

/// <summary>What a serializer is writing: the topic, key or value, and the record's headers (which it may add to).</summary>
/// <param name="Component">Key or value.</param>
/// <param name="Topic">The destination topic.</param>
/// <param name="Headers">
/// The record's headers; headers a serializer adds are sent with the record. Never null when the producer calls a
/// serializer (as in Confluent.Kafka): a message without headers gets an empty collection the producer reuses for the
/// next record, so keep no reference to it.
/// </param>
public readonly record struct SerializationContext(MessageComponentType Component, string Topic, Headers? Headers = null);
