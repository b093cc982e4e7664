namespace Brook.Producer;

/// <summary>
/// Thrown once, when the producer options are validated, for an unknown key, an invalid value or settings that
/// contradict each other. The message names the key, the value and what is allowed.
/// </summary>
public sealed class ProducerConfigurationException : ArgumentException
{
    /// <summary>Creates the exception for a Kafka configuration key.</summary>
    /// <param name="key">The Kafka key at fault (e.g. <c>linger.ms</c>).</param>
    /// <param name="message">What is wrong and how to fix it.</param>
    public ProducerConfigurationException(string key, string message)
        : base(message)
    {
        Key = key;
    }

    /// <summary>Creates the exception with a message only.</summary>
    public ProducerConfigurationException(string message)
        : base(message)
    {
        Key = string.Empty;
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public ProducerConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Key = string.Empty;
    }

    /// <summary>Creates the exception with a generic message.</summary>
    public ProducerConfigurationException()
        : base("Invalid producer configuration.")
    {
        Key = string.Empty;
    }

    /// <summary>The Kafka configuration key at fault, or empty when not tied to one key.</summary>
    public string Key { get; }
}
