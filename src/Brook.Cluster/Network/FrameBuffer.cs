using System.Buffers;
using System.Buffers.Binary;
using Brook.Protocol;
using Brook.Protocol.Framing;

namespace Brook.Cluster.Network;

/// <summary>
/// The receive side of one connection: bytes from the socket go into one pooled buffer and leave as whole request
/// frames (<c>Size int32</c> + payload, protocol.md §1), any number per receive, a frame split over any number of
/// receives. The size is checked against <c>socket.request.max.bytes</c> before anything is allocated for the frame.
/// A frame larger than the buffer grows it (pooled, kept for the next such frame: a producer's requests are all about
/// max.request.size) up to a retention limit; a frame beyond that gets a pooled array of its own until it is consumed.
/// Not thread-safe.
/// </summary>
internal sealed class FrameBuffer : IDisposable
{
    /// <summary>Default limit up to which the buffer grows and stays grown (4 MiB, 4x the default max.request.size).</summary>
    public const int DefaultMaxRetained = 4 * 1024 * 1024;

    private readonly int _maxFrameSize;
    private readonly int _maxRetained;
    private readonly int _minReceiveSpace;
    private byte[] _standard;
    private byte[] _buffer;
    private int _start;
    private int _end;

    /// <summary>Creates a buffer of <paramref name="capacity"/> bytes (rented) for frames up to <paramref name="maxFrameSize"/>.</summary>
    /// <param name="capacity">Initial size of the buffer.</param>
    /// <param name="maxFrameSize">socket.request.max.bytes: larger sizes are a protocol error.</param>
    /// <param name="maxRetained">The buffer grows for larger frames up to this size and keeps it.</param>
    public FrameBuffer(int capacity, int maxFrameSize = FrameReader.DefaultMaxFrameSize, int maxRetained = DefaultMaxRetained)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 16);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxFrameSize, 1);
        _standard = ArrayPool<byte>.Shared.Rent(capacity);
        _buffer = _standard;
        _maxFrameSize = maxFrameSize;
        _maxRetained = Math.Max(maxRetained, _standard.Length);
        _minReceiveSpace = Math.Min(16 * 1024, _standard.Length / 4);
    }

    /// <summary>Bytes received and not yet taken as frames.</summary>
    public int Buffered => _end - _start;

    /// <summary>True while a frame larger than the retained buffer is being assembled or read in an array of its own.</summary>
    public bool IsOversized => _buffer != _standard;

    /// <summary>Size of the retained buffer.</summary>
    public int Capacity => _standard.Length;

    /// <summary>
    /// Takes the next complete frame's payload (without its size prefix). The memory stays valid until the next call
    /// of <see cref="TryReadFrame"/> or <see cref="GetReceiveSpace"/>. Throws <see cref="ProtocolException"/> for a size
    /// outside 1..socket.request.max.bytes.
    /// </summary>
    public bool TryReadFrame(out ReadOnlyMemory<byte> payload)
    {
        payload = default;
        if (_end - _start < FrameReader.SizePrefixLength)
        {
            return false;
        }

        var size = ReadSize();
        if (_end - _start - FrameReader.SizePrefixLength < size)
        {
            return false;
        }

        payload = _buffer.AsMemory(_start + FrameReader.SizePrefixLength, size);
        _start += FrameReader.SizePrefixLength + size;
        return true;
    }

    /// <summary>
    /// Where the next receive writes: never empty, and large enough for the rest of the frame that is pending when it
    /// is larger than the buffer. Invalidates the last frame returned.
    /// </summary>
    public Span<byte> GetReceiveSpace()
    {
        var buffered = _end - _start;
        var needed = buffered >= FrameReader.SizePrefixLength ? FrameReader.SizePrefixLength + ReadSize() : FrameReader.SizePrefixLength;
        if (needed > _buffer.Length || (IsOversized && needed <= _standard.Length))
        {
            // Move the pending bytes into: a grown retained buffer, the retained buffer again once a frame of its own
            // is gone, or an array of the frame's own (beyond the retention limit).
            var growRetained = needed > _standard.Length && needed <= _maxRetained;
            var target = needed <= _standard.Length ? _standard : ArrayPool<byte>.Shared.Rent(needed);
            _buffer.AsSpan(_start, buffered).CopyTo(target);
            if (IsOversized)
            {
                ArrayPool<byte>.Shared.Return(_buffer);
            }

            if (growRetained)
            {
                ArrayPool<byte>.Shared.Return(_standard);
                _standard = target;
            }

            _buffer = target;
            _start = 0;
            _end = buffered;
        }
        else if (buffered == 0)
        {
            _start = _end = 0;
        }
        else if (_buffer.Length - _end < _minReceiveSpace || _start + needed > _buffer.Length)
        {
            _buffer.AsSpan(_start, buffered).CopyTo(_buffer);
            _start = 0;
            _end = buffered;
        }

        return _buffer.AsSpan(_end);
    }

    /// <summary>Records that <paramref name="count"/> bytes were received into the span of <see cref="GetReceiveSpace"/>.</summary>
    public void Commit(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, _buffer.Length - _end);
        _end += count;
    }

    /// <summary>Returns the arrays to the pool.</summary>
    public void Dispose()
    {
        if (IsOversized)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
        }

        _buffer = [];
        _start = _end = 0;
        ArrayPool<byte>.Shared.Return(_standard);
    }

    private int ReadSize()
    {
        var size = BinaryPrimitives.ReadInt32BigEndian(_buffer.AsSpan(_start));
        if (size <= 0 || size > _maxFrameSize)
        {
            throw new ProtocolException(
                $"Frame size {size} is outside 1..{_maxFrameSize} (socket.request.max.bytes); the peer is not speaking the Kafka protocol or the frame is too large.");
        }

        return size;
    }
}
