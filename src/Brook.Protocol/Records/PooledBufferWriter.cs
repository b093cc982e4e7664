using System.Buffers;

namespace Brook.Protocol.Records;

/// <summary>
/// A growable <see cref="IBufferWriter{T}"/> over arrays rented from <see cref="ArrayPool{T}.Shared"/>.
/// <see cref="Reset"/> keeps the array for reuse, so a long-lived writer allocates nothing in steady state;
/// <see cref="Dispose"/> returns it to the pool. Not thread-safe.
/// </summary>
public sealed class PooledBufferWriter : IBufferWriter<byte>, IDisposable
{
    private byte[] _buffer;
    private int _written;

    /// <summary>Creates a writer that rents at least <paramref name="initialCapacity"/> bytes up front.</summary>
    public PooledBufferWriter(int initialCapacity = 4096)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(initialCapacity);
        _buffer = initialCapacity == 0 ? [] : ArrayPool<byte>.Shared.Rent(initialCapacity);
    }

    /// <summary>Bytes written so far.</summary>
    public int WrittenCount => _written;

    /// <summary>The bytes written so far; valid until the next write, <see cref="Reset"/> or <see cref="Dispose"/>.</summary>
    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, _written);

    /// <summary>The bytes written so far; valid until the next write, <see cref="Reset"/> or <see cref="Dispose"/>.</summary>
    public ReadOnlyMemory<byte> WrittenMemory => _buffer.AsMemory(0, _written);

    /// <summary>Current capacity of the rented array.</summary>
    public int Capacity => _buffer.Length;

    /// <summary>The written bytes, writable (for patching headers in place).</summary>
    internal Span<byte> WrittenSpanMutable => _buffer.AsSpan(0, _written);

    /// <summary>Forgets the written bytes but keeps the rented array.</summary>
    public void Reset() => _written = 0;

    /// <inheritdoc />
    public void Advance(int count)
    {
        if ((uint)count > (uint)(_buffer.Length - _written))
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, "Advance past the span returned by GetSpan/GetMemory.");
        }

        _written += count;
    }

    /// <inheritdoc />
    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsMemory(_written);
    }

    /// <inheritdoc />
    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsSpan(_written);
    }

    /// <summary>Returns the array to the pool. The writer must not be used afterwards.</summary>
    public void Dispose() => ReturnBuffer();

    /// <summary>
    /// Returns the array to the pool and forgets the written bytes; the writer stays usable and rents again on its
    /// next <see cref="GetSpan"/>/<see cref="GetMemory"/> (a pooled owner keeps the writer object between uses).
    /// </summary>
    internal void ReturnBuffer()
    {
        var buffer = _buffer;
        _buffer = [];
        _written = 0;
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void Ensure(int sizeHint)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sizeHint);
        if (sizeHint == 0)
        {
            sizeHint = 1;
        }

        if (_buffer.Length - _written >= sizeHint)
        {
            return;
        }

        var needed = (long)_written + sizeHint;
        if (needed > Array.MaxLength)
        {
            throw new InvalidOperationException($"PooledBufferWriter cannot grow to {needed} bytes (the limit is {Array.MaxLength}).");
        }

        var newSize = (int)Math.Min(Array.MaxLength, Math.Max(needed, Math.Max(256L, (long)_buffer.Length * 2)));
        var grown = ArrayPool<byte>.Shared.Rent(newSize);
        _buffer.AsSpan(0, _written).CopyTo(grown);
        var old = _buffer;
        _buffer = grown;
        if (old.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(old);
        }
    }
}
