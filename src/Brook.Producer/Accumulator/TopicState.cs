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

    /// <summary>Deques by partition, created on first use.</summary>
    public ConcurrentDictionary<int, PartitionDeque> Deques { get; } = new();

    /// <summary>
    /// The same deques as an array, replaced (never changed) when a partition is added: the sender's passes iterate it
    /// without the snapshot and enumerator a <see cref="ConcurrentDictionary{TKey, TValue}"/> allocates.
    /// </summary>
    public PartitionDeque[] DequeList => Volatile.Read(ref _dequeList);

    /// <summary>The deque of <paramref name="partition"/>, created if absent.</summary>
    public PartitionDeque GetOrCreate(int partition) =>
        Deques.TryGetValue(partition, out var deque) ? deque : Add(partition);

    private PartitionDeque Add(int partition)
    {
        lock (_addLock)
        {
            if (!Deques.TryGetValue(partition, out var deque))
            {
                deque = new PartitionDeque(new TopicPartition(Topic, partition));
                Volatile.Write(ref _dequeList, [.. _dequeList, deque]);
                Deques[partition] = deque;
            }

            return deque;
        }
    }
}
