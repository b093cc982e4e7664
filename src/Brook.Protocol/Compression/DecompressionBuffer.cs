using System.Buffers;

namespace Brook.Protocol.Compression;

/// <summary>
/// Output of a decompressor: an array rented from <see cref="ArrayPool{T}.Shared"/> that grows on demand but never
/// past <c>limit</c> bytes of content, so a forged size or a zip bomb costs at most the limit.
/// A mutable struct passed by <c>ref</c>; the caller owns <see cref="Detach"/>'s array.
/// </summary>
internal struct DecompressionBuffer
{
    private readonly int _limit;
    private byte[] _array;
    private int _length;

    public DecompressionBuffer(int initialCapacity, int limit)
    {
        _limit = limit;
        _array = ArrayPool<byte>.Shared.Rent(Math.Clamp(initialCapacity, 256, Math.Max(256, limit)));
        _length = 0;
    }

    public readonly int Length => _length;

    public readonly int Limit => _limit;

    /// <summary>A span of exactly <paramref name="count"/> free bytes; throws when that would pass the limit.</summary>
    public Span<byte> Reserve(int count)
    {
        if ((long)_length + count > _limit)
        {
            ThrowLimit();
        }

        Grow(_length + count);
        return _array.AsSpan(_length, count);
    }

    /// <summary>Up to <paramref name="count"/> free bytes, fewer when the limit is closer (for decoders that learn their output size only by decoding).</summary>
    public Span<byte> ReserveAtMost(int count)
    {
        var room = (int)Math.Min(count, (long)_limit - _length);
        Grow(_length + room);
        return _array.AsSpan(_length, room);
    }

    /// <summary>
    /// Some free space for a streaming decoder. One byte past the limit is allowed so that output of exactly the limit
    /// is accepted and one more byte is detected (by <see cref="Advance"/>).
    /// </summary>
    public Span<byte> GetFreeSpan()
    {
        if (_array.Length == _length)
        {
            var hardCap = (long)_limit + 1;
            if (_length >= hardCap)
            {
                ThrowLimit();
            }

            Grow((int)Math.Min(Math.Min(hardCap, Array.MaxLength), Math.Max(_length + 256L, (long)_array.Length * 2)));
        }

        return _array.AsSpan(_length);
    }

    public void Advance(int count)
    {
        _length += count;
        if (_length > _limit)
        {
            ThrowLimit();
        }
    }

    /// <summary>Hands the array to the caller (who returns it to the pool).</summary>
    public byte[] Detach()
    {
        var array = _array;
        _array = [];
        return array;
    }

    /// <summary>Returns the array to the pool (after a failure).</summary>
    public void Release()
    {
        var array = _array;
        _array = [];
        if (array.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(array);
        }
    }

    private void Grow(int capacity)
    {
        if (capacity <= _array.Length)
        {
            return;
        }

        var grown = ArrayPool<byte>.Shared.Rent(Math.Max(capacity, (int)Math.Min(Array.MaxLength, (long)_array.Length * 2)));
        _array.AsSpan(0, _length).CopyTo(grown);
        ArrayPool<byte>.Shared.Return(_array);
        _array = grown;
    }

    private readonly void ThrowLimit() =>
        throw new ProtocolException(
            $"Decompressed records exceed the limit of {_limit} bytes; the batch is corrupt or a compression bomb (raise the limit only if such batches are expected).");
}
