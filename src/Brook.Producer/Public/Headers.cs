using System.Collections;

namespace Brook.Producer;

/// <summary>
/// An ordered list of record headers; duplicate keys are allowed, as in Kafka.
/// Reusable: call <see cref="Clear"/> and fill it again; the backing array is kept, so a pooled
/// <see cref="Headers"/> costs no allocation per record in steady state.
/// </summary>
public sealed class Headers : IReadOnlyList<Header>
{
    private Header[] _items;
    private int _count;

    /// <summary>Creates an empty list.</summary>
    public Headers()
    {
        _items = [];
    }

    /// <summary>Creates an empty list with room for <paramref name="capacity"/> headers.</summary>
    public Headers(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        _items = capacity == 0 ? [] : new Header[capacity];
    }

    /// <summary>The number of headers.</summary>
    public int Count => _count;

    /// <summary>The header at <paramref name="index"/>.</summary>
    public Header this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)_count, nameof(index));
            return _items[index];
        }
    }

    /// <summary>Appends a header.</summary>
    public void Add(Header header)
    {
        if (_count == _items.Length)
        {
            Array.Resize(ref _items, Math.Max(4, _items.Length * 2));
        }

        _items[_count++] = header;
    }

    /// <summary>Appends a header with a (possibly empty) value.</summary>
    public void Add(string key, ReadOnlyMemory<byte> value) => Add(new Header(key, value));

    /// <summary>Appends a header whose value is the UTF-8 encoding of <paramref name="value"/>, or a Kafka null when it is null.</summary>
    public void Add(string key, string? value) =>
        Add(value is null ? Header.WithNullValue(key) : new Header(key, System.Text.Encoding.UTF8.GetBytes(value)));

    /// <summary>Removes every header with the given key (ordinal comparison).</summary>
    public void Remove(string key)
    {
        var kept = 0;
        for (var i = 0; i < _count; i++)
        {
            if (!string.Equals(_items[i].Key, key, StringComparison.Ordinal))
            {
                _items[kept++] = _items[i];
            }
        }

        Array.Clear(_items, kept, _count - kept);
        _count = kept;
    }

    /// <summary>Finds the last header with the given key (ordinal), as Java's <c>Headers.lastHeader</c>.</summary>
    /// <returns>True when a header was found.</returns>
    public bool TryGetLast(string key, out Header header)
    {
        for (var i = _count - 1; i >= 0; i--)
        {
            if (string.Equals(_items[i].Key, key, StringComparison.Ordinal))
            {
                header = _items[i];
                return true;
            }
        }

        header = default;
        return false;
    }

    /// <summary>Removes all headers and keeps the capacity for reuse.</summary>
    public void Clear()
    {
        Array.Clear(_items, 0, _count);
        _count = 0;
    }

    /// <summary>The headers as a span, valid until the list is changed.</summary>
    public ReadOnlySpan<Header> AsSpan() => _items.AsSpan(0, _count);

    /// <summary>A non-allocating enumerator.</summary>
    public Enumerator GetEnumerator() => new(this);

    IEnumerator<Header> IEnumerable<Header>.GetEnumerator() => GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Enumerates the headers in order without allocating.</summary>
    public struct Enumerator : IEnumerator<Header>
    {
        private readonly Headers _headers;
        private int _index;

        internal Enumerator(Headers headers)
        {
            _headers = headers;
            _index = -1;
        }

        /// <inheritdoc />
        public readonly Header Current => _headers._items[_index];

        readonly object IEnumerator.Current => Current;

        /// <inheritdoc />
        public bool MoveNext() => ++_index < _headers._count;

        /// <inheritdoc />
        public void Reset() => _index = -1;

        /// <inheritdoc />
        public readonly void Dispose()
        {
        }
    }
}
