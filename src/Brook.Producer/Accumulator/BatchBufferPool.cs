using System.Buffers;

namespace Brook.Producer.Accumulator;

/// <summary>
/// The batch buffers (Java's BufferPool free list): every new batch rents the same size, <c>min(batch.size, 64 KiB) +
/// header</c>, so that size is pooled exactly, in a LIFO stack that keeps what buffer.memory allows. A power-of-two
/// pool (<see cref="ArrayPool{T}.Create(int, int)"/>) put a 16 KiB batch in a 32 KiB array, so a full accumulator
/// touched twice buffer.memory, and allocated every new array zeroed on the moving heap: at 1 KiB records the first fill
/// of buffer.memory (a whole 300k-record benchmark run) spent a quarter of the client's CPU in memset and another
/// quarter in page faults. Buffers here are allocated uninitialized (every byte is written before it is read) on the
/// pinned heap (never copied by a compacting GC). Other sizes (records above batch.size, compression estimates that
/// raise the limit) go to <paramref name="larger"/>.
/// </summary>
/// <param name="slotSize">The pooled length.</param>
/// <param name="maxSlots">How many free buffers to keep.</param>
/// <param name="larger">Where other sizes are rented and returned.</param>
internal sealed class BatchBufferPool(int slotSize, int maxSlots, ArrayPool<byte> larger) : ArrayPool<byte>
{
    private readonly Lock _lock = new();
    private readonly byte[]?[] _free = new byte[Math.Max(1, maxSlots)][];
    private int _count;

    /// <summary>The pooled buffer length.</summary>
    public int SlotSize => slotSize;

    /// <summary>Free buffers held now (for tests).</summary>
    public int FreeCount
    {
        get
        {
            lock (_lock)
            {
                return _count;
            }
        }
    }

    /// <inheritdoc />
    public override byte[] Rent(int minimumLength)
    {
        if (minimumLength > slotSize)
        {
            return larger.Rent(minimumLength);
        }

        lock (_lock)
        {
            if (_count > 0)
            {
                var buffer = _free[--_count]!;
                _free[_count] = null;
                return buffer;
            }
        }

        return GC.AllocateUninitializedArray<byte>(slotSize, pinned: true);
    }

    /// <inheritdoc />
    public override void Return(byte[] array, bool clearArray = false)
    {
        ArgumentNullException.ThrowIfNull(array);
        if (array.Length != slotSize)
        {
            larger.Return(array, clearArray);
            return;
        }

        if (clearArray)
        {
            Array.Clear(array);
        }

        lock (_lock)
        {
            if (_count < _free.Length)
            {
                _free[_count++] = array;
            }
        }
    }
}
