using Brook.Protocol.Records;

namespace Brook.Producer.Accumulator;

internal sealed partial class RecordAccumulator
{
    /// <summary>
    /// After MESSAGE_TOO_LARGE on a batch of more than one record (§3): re-encodes its records into batch.size
    /// pieces, queues them at the head in order (by sequence when the batch had one, continuing its sequences), resets
    /// the codec's ratio estimate to <c>max(1.0, observed)</c>, and returns how many pieces were made. Not a retry: the
    /// pieces have no attempts and no backoff. The original batch completes when all pieces have; its memory is
    /// returned then.
    /// </summary>
    public int SplitAndReenqueue(ProducerBatch big)
    {
        if (big.RecordCount < 2)
        {
            throw new InvalidOperationException("A single-record batch cannot be split; fail it with RecordTooLargeException.");
        }

        var topic = big.TopicPartition.Topic;
        if (!big.Sealed.IsEmpty)
        {
            _ratios.Reset(topic, _compression, (double)big.Sealed.Length / Math.Max(1, big.EstimatedSizeInBytes));
        }

        // Not pooled (rare path): the parent reads its pieces' outcomes while it dispatches, after they deallocated.
        big.ExcludeFromPool();
        var pieces = new List<ProducerBatch>();
        RecordBatchBuilder? builder = null;
        foreach (var record in big.Builder.EnumerateRecords())
        {
            if (builder is null || !builder.TryAppend(in record))
            {
                builder = new RecordBatchBuilder(_batchSize, _batchBuffers);
                pieces.Add(new ProducerBatch(big.TopicPartition, builder, 0, big.CreatedMs));
                builder.TryAppend(in record);
            }
        }

        var sequence = big.BaseSequence;
        foreach (var piece in pieces)
        {
            if (big.HasSequence)
            {
                piece.SetProducerState(big.ProducerId, big.ProducerEpoch, sequence, big.IsTransactional);
                sequence = (int)((sequence + (long)piece.RecordCount) % ((long)int.MaxValue + 1));
            }

            piece.CloseForAppends();
            Register(piece);
        }

        var children = pieces.ToArray();
        big.SplitInto(children);
        var deque = GetTopic(topic).GetOrCreate(big.TopicPartition.Partition);
        lock (deque.Lock)
        {
            for (var i = children.Length - 1; i >= 0; i--)
            {
                InsertForRetry(deque, children[i]);
            }
        }

        _metrics?.RecordBatchSplit();
        return children.Length;
    }

    // Caller holds the deque lock: head for batches without a sequence, else before the first higher or unsequenced batch.
    private static void InsertForRetry(PartitionDeque deque, ProducerBatch batch)
    {
        if (!batch.HasSequence)
        {
            deque.AddFirst(batch);
            return;
        }

        for (var node = deque.Batches.First; node is not null; node = node.Next)
        {
            if (!node.Value.HasSequence || node.Value.BaseSequence > batch.BaseSequence)
            {
                deque.AddBefore(node, batch);
                return;
            }
        }

        deque.AddLast(batch);
    }
}
