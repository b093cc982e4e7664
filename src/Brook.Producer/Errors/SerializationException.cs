using Brook.Protocol.Errors;

namespace Brook.Producer;

/// <summary>
/// A key or value serializer failed (Java's <c>SerializationException</c>, "Can't convert value of class … specified in
/// value.serializer"): the message names the topic, the part, the serializer type and the data type; the serializer's
/// own exception is the <see cref="Exception.InnerException"/>. The record was not buffered and is not sent. Not
/// retriable: the same data fails again. <see cref="KafkaException.ErrorCode"/> is UNKNOWN_SERVER_ERROR, the code
/// Kafka's error table gives any exception that is not a broker error.
/// </summary>
public sealed class SerializationException : KafkaException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="topic">The record's topic.</param>
    /// <param name="component">Key or value.</param>
    /// <param name="serializerType">The serializer that failed.</param>
    /// <param name="dataType">The type it was asked to serialize.</param>
    /// <param name="innerException">What the serializer threw.</param>
    public SerializationException(string topic, MessageComponentType component, Type serializerType, Type dataType, Exception innerException)
        : base(ErrorCode.UnknownServerError, isRetriable: false, isFatal: false, Describe(topic, component, serializerType, dataType, innerException), innerException)
    {
        Topic = topic;
        Component = component;
        SerializerType = serializerType;
        DataType = dataType;
    }

    /// <summary>The record's topic.</summary>
    public string Topic { get; }

    /// <summary>Whether the key or the value failed.</summary>
    public MessageComponentType Component { get; }

    /// <summary>The serializer that threw or faulted.</summary>
    public Type SerializerType { get; }

    /// <summary>The key or value type the serializer was given.</summary>
    public Type DataType { get; }

    private static string Describe(string topic, MessageComponentType component, Type serializerType, Type dataType, Exception innerException)
    {
        ArgumentNullException.ThrowIfNull(serializerType);
        ArgumentNullException.ThrowIfNull(dataType);
        ArgumentNullException.ThrowIfNull(innerException);
        var part = component == MessageComponentType.Key ? "key" : "value";
        var setter = component == MessageComponentType.Key ? "SetKeySerializer" : "SetValueSerializer";
        return $"Could not serialize the {part} of a record for topic '{topic}': the {part} serializer {serializerType.FullName} "
            + $"failed on a {dataType.FullName} with {innerException.GetType().Name}: {innerException.Message} "
            + $"The record was not sent; fix the {part} or set a serializer that accepts it (ProducerBuilder.{setter}).";
    }
}
