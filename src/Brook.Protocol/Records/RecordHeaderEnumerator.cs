namespace Brook.Protocol.Records;

/// <summary>Walks a record's headers without copying; use with <c>foreach</c>.</summary>
public ref struct RecordHeaderEnumerator
{
    private ReadOnlySpan<byte> _remaining;
    private int _left;
    private RecordHeaderView _current;

    internal RecordHeaderEnumerator(ReadOnlySpan<byte> rawHeaders, int count)
    {
        _remaining = rawHeaders;
        _left = count;
        _current = default;
    }

    /// <summary>The current header.</summary>
    public readonly RecordHeaderView Current => _current;

    /// <summary>Returns this enumerator (for <c>foreach</c>).</summary>
    public readonly RecordHeaderEnumerator GetEnumerator() => this;

    /// <summary>Advances to the next header.</summary>
    /// <exception cref="ProtocolException">The header bytes are malformed.</exception>
    public bool MoveNext()
    {
        if (_left == 0)
        {
            return false;
        }

        _left--;
        var keyLength = RecordParser.ReadVarint(ref _remaining, "header key length");
        if (keyLength < 0 || keyLength > _remaining.Length)
        {
            RecordParser.ThrowBadLength("header key", keyLength, _remaining.Length);
        }

        var key = _remaining[..keyLength];
        _remaining = _remaining[keyLength..];
        var valueLength = RecordParser.ReadVarint(ref _remaining, "header value length");
        if (valueLength < -1 || valueLength > _remaining.Length)
        {
            RecordParser.ThrowBadLength("header value", valueLength, _remaining.Length);
        }

        var value = valueLength < 0 ? default : _remaining[..valueLength];
        _remaining = _remaining[Math.Max(valueLength, 0)..];
        _current = new RecordHeaderView(key, value, valueLength < 0);
        return true;
    }
}
