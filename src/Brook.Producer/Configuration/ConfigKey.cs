namespace Brook.Producer.Configuration;

/// <summary>
/// One Kafka configuration key: how to parse its text into <see cref="ProducerOptions"/> and, for numbers, the
/// allowed range that <see cref="ProducerOptions.Validate"/> enforces for both construction paths.
/// </summary>
internal sealed class ConfigKey
{
    /// <summary>Creates a key entry.</summary>
    public ConfigKey(string name, string allowed, Func<ProducerOptions, string, ProducerOptions?> parse)
    {
        Name = name;
        Allowed = allowed;
        Parse = parse;
    }

    /// <summary>The Kafka key, e.g. <c>linger.ms</c>.</summary>
    public string Name { get; }

    /// <summary>A human description of the allowed values, used in error messages.</summary>
    public string Allowed { get; }

    /// <summary>Applies a text value; returns null when the text is not a valid value.</summary>
    public Func<ProducerOptions, string, ProducerOptions?> Parse { get; }

    /// <summary>Reads the numeric value for range checks (null for non-numeric keys).</summary>
    public Func<ProducerOptions, long>? GetNumber { get; init; }

    /// <summary>The smallest allowed number.</summary>
    public long Min { get; init; } = long.MinValue;

    /// <summary>The largest allowed number.</summary>
    public long Max { get; init; } = long.MaxValue;

    /// <summary>Extra allowed values outside [Min, Max] (e.g. -1 meaning "OS default").</summary>
    public long? AlsoAllowed { get; init; }

    /// <summary>True when <paramref name="value"/> is in range.</summary>
    public bool InRange(long value) => (value >= Min && value <= Max) || value == AlsoAllowed;
}
