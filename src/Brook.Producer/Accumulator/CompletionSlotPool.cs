using System.Collections.Concurrent;
using System.Numerics;

namespace Brook.Producer.Accumulator;

/// <summary>
/// The arrays batches register their records' completions in, pooled by power-of-two length (64 and up). A batch rents
/// on its first record (under the partition lock), grows by doubling, and returns the array — cleared — once its
/// records were dispatched. Sized by the batches in flight, so steady-state sends allocate none.
/// </summary>
internal sealed class CompletionSlotPool
{
    /// <summary>Length of the first array a batch rents.</summary>
    public const int MinimumLength = 64;

    // 64 .. 2^24 slots (a batch of 1 MiB holds at most ~150,000 records); longer arrays are not pooled.
    private const int Buckets = 19;

    private readonly ConcurrentQueue<CompletionSlot[]>[] _buckets = new ConcurrentQueue<CompletionSlot[]>[Buckets];

    /// <summary>Creates an empty pool.</summary>
    public CompletionSlotPool()
    {
        for (var i = 0; i < Buckets; i++)
        {
            _buckets[i] = new ConcurrentQueue<CompletionSlot[]>();
        }
    }

    /// <summary>A pool for batches made outside an accumulator (tests, benchmarks).</summary>
    public static CompletionSlotPool Shared { get; } = new();

    /// <summary>An array of at least <paramref name="minimumLength"/> cleared slots (a power of two, at least 64).</summary>
    public CompletionSlot[] Rent(int minimumLength)
    {
        var bucket = BucketOf(minimumLength);
        if (bucket >= Buckets)
        {
            return new CompletionSlot[minimumLength];
        }

        return _buckets[bucket].TryDequeue(out var array) ? array : new CompletionSlot[MinimumLength << bucket];
    }

    /// <summary>Takes back an array from <see cref="Rent"/>; every slot must be cleared.</summary>
    public void Return(CompletionSlot[] array)
    {
        var bucket = BucketOf(array.Length);
        if (bucket < Buckets && array.Length == MinimumLength << bucket)
        {
            _buckets[bucket].Enqueue(array);
        }
    }

    private static int BucketOf(int length) =>
        length <= MinimumLength ? 0 : BitOperations.Log2((uint)(length - 1)) + 1 - BitOperations.Log2(MinimumLength);
}
