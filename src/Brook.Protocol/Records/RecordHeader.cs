namespace Brook.Protocol.Records;

/// <summary>
/// A record header to append: a non-null UTF-8 key and a value that may be null (protocol.md §9:
/// headerKeyLength ≥ 0, headerValueLength -1 = null).
/// </summary>
public readonly struct RecordHeader
{
    /// <summary>A header with a non-null value.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is null (Kafka header keys cannot be null).</exception>
    public RecordHeader(string key, ReadOnlyMemory<byte> value)
    {
        Key = key ?? throw new ArgumentNullException(nameof(key), "Record header keys cannot be null; use an empty string.");
        Value = value;
        IsValueNull = false;
    }

    /// <summary>A header whose value is null when <paramref name="value"/> is null.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is null (Kafka header keys cannot be null).</exception>
    public RecordHeader(string key, byte[]? value)
    {
        Key = key ?? throw new ArgumentNullException(nameof(key), "Record header keys cannot be null; use an empty string.");
        Value = value;
        IsValueNull = value is null;
    }

    /// <summary>The header key (encoded as UTF-8).</summary>
    public string Key { get; }

    /// <summary>The value bytes (empty when <see cref="IsValueNull"/>).</summary>
    public ReadOnlyMemory<byte> Value { get; }

    /// <summary>True when the value is null (written as length -1).</summary>
    public bool IsValueNull { get; }
}
