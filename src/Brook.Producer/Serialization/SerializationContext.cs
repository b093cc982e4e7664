namespace Brook.Producer;

/// <summary>What a serializer is writing: the topic, key or value, and the record's headers (which it may add to).</summary>
/// <param name="Component">Key or value.</param>
/// <param name="Topic">The destination topic.</param>
/// <param name="Headers">The record's headers, or null when the record has none; headers a serializer adds are sent with the record.</param>
public readonly record struct SerializationContext(MessageComponentType Component, string Topic, Headers? Headers = null);
