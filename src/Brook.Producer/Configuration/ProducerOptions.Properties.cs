using System.Diagnostics.CodeAnalysis;
using Brook.Producer.Configuration;

namespace Brook.Producer;

public sealed partial record ProducerOptions
{
    /// <summary>The delivery.timeout.ms default (ms) used when <see cref="DeliveryTimeoutMs"/> is unset.</summary>
    public const int DefaultDeliveryTimeoutMs = 120000;

    /// <summary>Every Kafka key <see cref="FromProperties"/> accepts (librdkafka aliases excluded).</summary>
    public static IEnumerable<string> KnownKeys => ConfigKeys.All.Keys;

    /// <summary>
    /// Builds options from Kafka property names and text values, as in a Java <c>producer.properties</c> file or a
    /// librdkafka configuration (aliases such as <c>queue.buffering.max.ms</c> are accepted). Keys not given keep
    /// the values of <paramref name="baseOptions"/> (or the defaults). The result is not yet cross-checked; the
    /// producer calls <see cref="Validate"/>, or call it yourself to fail early.
    /// </summary>
    /// <param name="properties">Key/value pairs such as <c>("linger.ms", "20")</c>.</param>
    /// <param name="baseOptions">Options to start from (injected services, a partitioner); null for defaults.</param>
    /// <exception cref="ProducerConfigurationException">
    /// An unknown key (the message names the nearest valid key), a Java class setting, or a value that does not parse
    /// (the message names the key, the value and what is allowed).
    /// </exception>
    public static ProducerOptions FromProperties(IEnumerable<KeyValuePair<string, string>> properties, ProducerOptions? baseOptions = null)
    {
        ArgumentNullException.ThrowIfNull(properties);
        var options = baseOptions ?? new ProducerOptions();
        foreach (var (rawKey, rawValue) in properties)
        {
            var name = rawKey?.Trim() ?? string.Empty;
            if (ConfigKeys.Aliases.TryGetValue(name, out var javaName))
            {
                name = javaName;
            }

            if (!ConfigKeys.All.TryGetValue(name, out var key))
            {
                ThrowUnknownKey(name);
            }

            var value = rawValue ?? string.Empty;
            options = key.Parse(options, value) ?? ThrowInvalidValue(key, value);
        }

        return options;
    }

    [DoesNotReturn]
    private static void ThrowUnknownKey(string name)
    {
        if (ConfigKeys.ClassKeys.TryGetValue(name, out var hint))
        {
            throw new ProducerConfigurationException(name, $"'{name}' names a Java class and is not a Brook setting: {hint}.");
        }

        var nearest = EditDistance.Nearest(name, ConfigKeys.All.Keys);
        throw new ProducerConfigurationException(
            name,
            $"Unknown producer configuration key '{name}'. Did you mean '{nearest}'? ProducerOptions.KnownKeys lists every accepted key.");
    }

    [DoesNotReturn]
    private static ProducerOptions ThrowInvalidValue(ConfigKey key, string value) =>
        throw new ProducerConfigurationException(
            key.Name,
            $"Invalid value '{value}' for configuration '{key.Name}': allowed is {key.Allowed}.");
}
