namespace Brook.Protocol.Records;

/// <summary>A decoded header: spans into the record.</summary>
public readonly ref struct RecordHeaderView
{
    private readonly ReadOnlySpan<byte> _key;
    private readonly ReadOnlySpan<byte> _value;

    internal RecordHeaderView(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, bool isValueNull)
    {
        _key = key;
        _value = value;
        IsValueNull = isValueNull;
    }

    /// <summary>UTF-8 key bytes.</summary>
    public ReadOnlySpan<byte> Key => _key;

    /// <summary>Value bytes (empty when <see cref="IsValueNull"/>).</summary>
    public ReadOnlySpan<byte> Value => _value;

    /// <summary>True when the value is null.</summary>
    public bool IsValueNull { get; }
}
