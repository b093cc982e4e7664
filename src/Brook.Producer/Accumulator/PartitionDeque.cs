namespace Brook.Producer.Accumulator;

/// <summary>
/// One partition's queue of batches and the lock that guards it (appends, drain, expiry, re-enqueue). The list's
/// nodes are recycled: a removed node goes to a free list and carries the next batch added, so a steady append/drain
/// cycle allocates no node per batch. The free list grows to the most batches the partition queued at once (bounded),
/// since a queue that fills to n batches and drains would otherwise allocate n minus the kept nodes per cycle. Every
/// method here runs under <see cref="Lock"/>.
/// </summary>
internal sealed class PartitionDeque(TopicPartition topicPartition)
{
    // More free nodes than this (48 KiB of nodes) are left to the GC; a full buffer.memory of 16 KiB batches on one
    // partition is 2,048 batches, so such a queue allocates nodes again only beyond half of it.
    private const int MaxFreeNodes = 1024;

    private LinkedListNode<ProducerBatch>?[] _freeNodes = new LinkedListNode<ProducerBatch>?[4];
    private int _freeCount;

    /// <summary>Guards <see cref="Batches"/> and the batches' append state.</summary>
    public Lock Lock { get; } = new();

    /// <summary>The partition.</summary>
    public TopicPartition TopicPartition { get; } = topicPartition;

    /// <summary>Oldest first. Read it here; change it only through this type's methods (they recycle the nodes).</summary>
    public LinkedList<ProducerBatch> Batches { get; } = new();

    /// <summary>Appends <paramref name="batch"/> at the tail.</summary>
    public void AddLast(ProducerBatch batch) => Batches.AddLast(RentNode(batch));

    /// <summary>Inserts <paramref name="batch"/> at the head (a retry).</summary>
    public void AddFirst(ProducerBatch batch) => Batches.AddFirst(RentNode(batch));

    /// <summary>Inserts <paramref name="batch"/> before <paramref name="node"/> (a retry in sequence order).</summary>
    public void AddBefore(LinkedListNode<ProducerBatch> node, ProducerBatch batch) => Batches.AddBefore(node, RentNode(batch));

    /// <summary>Removes and returns the head batch, or null when the deque is empty.</summary>
    public ProducerBatch? RemoveFirst()
    {
        var node = Batches.First;
        if (node is null)
        {
            return null;
        }

        Batches.Remove(node);
        var batch = node.Value;
        if (_freeCount == _freeNodes.Length && _freeCount < MaxFreeNodes)
        {
            Array.Resize(ref _freeNodes, Math.Min(MaxFreeNodes, _freeCount * 2));
        }

        if (_freeCount < _freeNodes.Length)
        {
            node.Value = null!; // the free node must not keep a completed batch alive
            _freeNodes[_freeCount++] = node;
        }

        return batch;
    }

    private LinkedListNode<ProducerBatch> RentNode(ProducerBatch batch)
    {
        if (_freeCount == 0)
        {
            return new LinkedListNode<ProducerBatch>(batch);
        }

        var node = _freeNodes[--_freeCount]!;
        _freeNodes[_freeCount] = null;
        node.Value = batch;
        return node;
    }
}
