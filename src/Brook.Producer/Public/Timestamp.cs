namespace Brook.Producer;

/// <summary>A record timestamp in Unix milliseconds with the clock that produced it.</summary>
public readonly record struct Timestamp
{
    /// <summary>No timestamp: the producer uses its <see cref="TimeProvider"/> at send time.</summary>
    public static readonly Timestamp Default = default;

    /// <summary>Creates a timestamp from Unix milliseconds and a type.</summary>
    /// <param name="unixTimestampMs">Milliseconds since 1970-01-01T00:00:00Z.</param>
    /// <param name="type">Which clock produced it.</param>
    public Timestamp(long unixTimestampMs, TimestampType type)
    {
        UnixTimestampMs = unixTimestampMs;
        Type = type;
    }

    /// <summary>Creates a <see cref="TimestampType.CreateTime"/> timestamp from a point in time.</summary>
    public Timestamp(DateTimeOffset dateTime)
        : this(dateTime.ToUnixTimeMilliseconds(), TimestampType.CreateTime)
    {
    }

    /// <summary>Milliseconds since the Unix epoch.</summary>
    public long UnixTimestampMs { get; }

    /// <summary>Which clock produced the value.</summary>
    public TimestampType Type { get; }

    /// <summary>The value as a UTC <see cref="DateTimeOffset"/>.</summary>
    public DateTimeOffset UtcDateTime => DateTimeOffset.FromUnixTimeMilliseconds(UnixTimestampMs);
}
