namespace Brook.Producer;

/// <summary>One record header: a string key and a byte value that may be null (distinct from empty).</summary>
public readonly record struct Header
{
    /// <summary>Creates a header with a (possibly empty) value.</summary>
    /// <param name="key">The header key; must not be null.</param>
    /// <param name="value">The value bytes; the memory must stay unchanged until the record is serialized.</param>
    public Header(string key, ReadOnlyMemory<byte> value)
    {
        ArgumentNullException.ThrowIfNull(key);
        Key = key;
        Value = value;
        IsValueNull = false;
    }

    private Header(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        Key = key;
        IsValueNull = true;
    }

    /// <summary>The header key.</summary>
    public string Key { get; }

    /// <summary>The value bytes (empty when <see cref="IsValueNull"/>).</summary>
    public ReadOnlyMemory<byte> Value { get; }

    /// <summary>True when the header value is a Kafka null rather than empty bytes.</summary>
    public bool IsValueNull { get; }

    /// <summary>Creates a header whose value is a Kafka null.</summary>
    public static Header WithNullValue(string key) => new(key);
}
