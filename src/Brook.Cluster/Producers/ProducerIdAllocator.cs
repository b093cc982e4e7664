namespace Brook.Cluster.Producers;

/// <summary>
/// Hands out producer ids for non-transactional InitProducerId (broker-semantics.md §5: any broker, fresh id,
/// epoch 0). Thread-safe; ids are unique for the cluster's lifetime.
/// </summary>
internal sealed class ProducerIdAllocator
{
    private long _next;

    /// <summary>Creates an allocator whose first id is <paramref name="firstId"/>.</summary>
    public ProducerIdAllocator(long firstId = 1000)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(firstId);
        _next = firstId - 1;
    }

    /// <summary>Returns a fresh producer id; its epoch starts at 0.</summary>
    public long Next() => Interlocked.Increment(ref _next);
}
