using System.Collections.Concurrent;
using Brook.Producer.Partitioning;

namespace Brook.Producer.Accumulator;

/// <summary>Per-topic accumulator state: the partition deques and the topic's sticky partitioner (Java <c>TopicInfo</c>).</summary>
internal sealed class TopicState(string topic, BuiltInPartitioner partitioner)
{
    /// <summary>The topic.</summary>
    public string Topic { get; } = topic;

    /// <summary>Sticky/adaptive choice for records without a partition.</summary>
    public BuiltInPartitioner Partitioner { get; } = partitioner;

    private readonly Lock _addLock = new();
    private PartitionDeque[] _dequeList = [];

    // The deques indexed by partition (null where none was created yet), replaced when one is added: the append path
    // finds its deque with one array read instead of a dictionary lookup.
    private PartitionDeque?[] _byPartition = [];

    /// <summary>Deques by partition, created on first use.</summary>
    public ConcurrentDictionary<int, PartitionDeque> Deques { get; } = new();

    // Ready-check scratch for the adaptive partitioner's queue sizes (sender thread only); the partitioner copies them
    // into its own table, so they are reused by every ready check.
    private int[]? _queueSizes;
    private int[]? _partitionIds;

    /// <summary>Arrays of at least <paramref name="partitionCount"/> entries for one ready check (sender thread only).</summary>
    public (int[] QueueSizes, int[] PartitionIds) LoadScratch(int partitionCount)
    {
        if (_queueSizes is null || _queueSizes.Length < partitionCount)
        {
            _queueSizes = new int[partitionCount];
            _partitionIds = new int[partitionCount];
        }

        return (_queueSizes, _partitionIds!);
    }

    /// <summary>
    /// The same deques as an array, replaced (never changed) when a partition is added: the sender's passes iterate it
    /// without the snapshot and enumerator a <see cref="ConcurrentDictionary{TKey, TValue}"/> allocates.
    /// </summary>
    public PartitionDeque[] DequeList => Volatile.Read(ref _dequeList);

    /// <summary>The deque of <paramref name="partition"/>, created if absent.</summary>
    public PartitionDeque GetOrCreate(int partition)
    {
        var byPartition = Volatile.Read(ref _byPartition);
        return (uint)partition < (uint)byPartition.Length && byPartition[partition] is { } deque ? deque : Add(partition);
    }

    private PartitionDeque Add(int partition)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(partition);
        lock (_addLock)
        {
            if (!Deques.TryGetValue(partition, out var deque))
            {
                deque = new PartitionDeque(new TopicPartition(Topic, partition));
                Volatile.Write(ref _dequeList, [.. _dequeList, deque]);
                Deques[partition] = deque;
                var byPartition = new PartitionDeque?[Math.Max(_byPartition.Length, partition + 1)];
                _byPartition.CopyTo(byPartition, 0);
                byPartition[partition] = deque;
                Volatile.Write(ref _byPartition, byPartition);
            }

            return deque;
        }
    }
}
