using Brook.Producer;

namespace Brook.Cli.Configuration;

/// <summary>
/// Merges <c>--producer.config FILE</c> and <c>--producer-props k=v …</c> (props override the file, as in
/// kafka-producer-perf-test) and checks every key and value with <see cref="ProducerOptions.FromProperties"/>, so an
/// unknown key fails with its nearest valid key before anything connects.
/// </summary>
internal static class ProducerProperties
{
    /// <summary>Parses one <c>k=v</c> argument.</summary>
    /// <exception cref="CliException">No '=' or an empty key.</exception>
    public static KeyValuePair<string, string> ParsePair(string text, string flag)
    {
        var cut = text?.IndexOf('=', StringComparison.Ordinal) ?? -1;
        if (cut <= 0)
        {
            throw new CliException($"{flag} expects key=value pairs such as acks=all, got '{text}'.", ExitCodes.Usage);
        }

        return new(text![..cut].Trim(), text[(cut + 1)..].Trim());
    }

    /// <summary>The merged dictionary (file first, then props in order).</summary>
    public static Dictionary<string, string> Merge(string? configFile, IEnumerable<string>? props)
    {
        var merged = configFile is null ? new Dictionary<string, string>(StringComparer.Ordinal) : PropertiesFile.Load(configFile);
        foreach (var prop in props ?? [])
        {
            var (key, value) = ParsePair(prop, "--producer-props");
            merged[key] = value;
        }

        return merged;
    }

    /// <summary>Merges, then validates through <see cref="ProducerOptions.FromProperties"/>; bootstrap.servers from the flag wins.</summary>
    /// <exception cref="ProducerConfigurationException">An unknown key or a bad value (the message says which and why).</exception>
    public static (Dictionary<string, string> Properties, ProducerOptions Options) Resolve(string? configFile, IEnumerable<string>? props, string? bootstrap)
    {
        var merged = Merge(configFile, props);
        if (!string.IsNullOrWhiteSpace(bootstrap))
        {
            merged["bootstrap.servers"] = bootstrap;
        }

        var options = ProducerOptions.FromProperties(merged);
        return (merged, options);
    }
}
