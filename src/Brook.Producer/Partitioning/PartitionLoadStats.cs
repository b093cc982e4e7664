namespace Brook.Producer.Partitioning;

/// <summary>
/// Adaptive-partitioning weights: a cumulative frequency table over candidate partitions (KIP-794). One instance per
/// partitioner, rewritten in place by the sender thread on every ready check (no allocation per update) under a
/// sequence lock: the version is odd while a write is in progress, and a reader whose version changed under it
/// retries, so an application thread never acts on a half-written table.
/// </summary>
/// <param name="capacity">Entries the table can hold (the topic's partition count).</param>
internal sealed class PartitionLoadStats(int capacity)
{
    // A reader gives up (and draws uniformly) after this many torn reads; the writer runs once per sender pass.
    private const int MaxReadAttempts = 8;

    private int _version;
    private int _length;

    /// <summary>Running sums of <c>max + 1 - queueSize</c>; the first <see cref="Length"/> entries are valid.</summary>
    public int[] CumulativeFrequencies { get; } = new int[capacity];

    /// <summary>The partition of each entry.</summary>
    public int[] PartitionIds { get; } = new int[capacity];

    /// <summary>How many entries are valid.</summary>
    public int Length => Volatile.Read(ref _length);

    /// <summary>Entries the table can hold.</summary>
    public int Capacity => CumulativeFrequencies.Length;

    /// <summary>
    /// Sender thread only: rewrites the table from queue sizes (each becomes <c>max + 1 - size</c>, then running sums).
    /// </summary>
    public void Write(ReadOnlySpan<int> queueSizes, ReadOnlySpan<int> partitionIds, int max)
    {
        Interlocked.Increment(ref _version); // odd: readers retry
        var maxPlusOne = max + 1;
        var sum = 0;
        for (var i = 0; i < queueSizes.Length; i++)
        {
            sum += maxPlusOne - queueSizes[i];
            CumulativeFrequencies[i] = sum;
            PartitionIds[i] = partitionIds[i];
        }

        Volatile.Write(ref _length, queueSizes.Length);
        Interlocked.Increment(ref _version); // even again: the table is consistent
    }

    /// <summary>
    /// Picks a partition weighted by the table for <paramref name="random"/> (non-negative); false when no consistent
    /// table could be read (the caller draws uniformly).
    /// </summary>
    public bool TryPick(int random, out int partition)
    {
        for (var attempt = 0; attempt < MaxReadAttempts; attempt++)
        {
            var version = Volatile.Read(ref _version);
            if ((version & 1) == 0)
            {
                var length = Volatile.Read(ref _length);
                var picked = -1;
                if (length > 0 && length <= Capacity && CumulativeFrequencies[length - 1] > 0)
                {
                    // A torn read may see an unsorted table: clamp, and the version check below discards the result.
                    var index = Math.Min(BuiltInPartitioner.PickWeighted(CumulativeFrequencies, length, random), length - 1);
                    picked = PartitionIds[index];
                }

                Interlocked.MemoryBarrier(); // the reads above complete before the version is read again
                if (picked >= 0 && Volatile.Read(ref _version) == version)
                {
                    partition = picked;
                    return true;
                }
            }

            Thread.SpinWait(1);
        }

        partition = -1;
        return false;
    }
}
