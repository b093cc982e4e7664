using System.Runtime.CompilerServices;
using Brook.Producer.Internals;
using Brook.Producer.Memory;
using Brook.Producer.Partitioning;
using Brook.Protocol.Records;

namespace Brook.Producer.Accumulator;

internal sealed partial class RecordAccumulator
{
    /// <summary>
    /// Appends a record (§3): to the partition's last batch when it fits, otherwise into a new batch whose memory is
    /// reserved from the pool outside the lock (waiting up to <paramref name="maxBlockMs"/>). With
    /// <paramref name="partition"/> = <see cref="PartitionChooser.Unknown"/> the topic's sticky partitioner chooses.
    /// Completes synchronously without allocating when the record fits an open batch.
    /// </summary>
    /// <exception cref="RecordTooLargeException">The record exceeds max.request.size or buffer.memory.</exception>
    /// <exception cref="BufferExhaustedException">No memory within <paramref name="maxBlockMs"/>.</exception>
    public ValueTask<RecordAppendResult> AppendAsync(
        string topic,
        int partition,
        RecordPayload record,
        IAccumulatorMetadata metadata,
        long maxBlockMs,
        CancellationToken cancellationToken = default) =>
        AppendAsync(topic, partition, record, metadata, maxBlockMs, null, cancellationToken);

    /// <summary>
    /// As the overload above; <paramref name="completion"/> is placed and registered on the batch under the partition
    /// lock, so the batch cannot be drained (and completed) before the record is registered: completions keep order.
    /// A wait for memory allocates nothing once warm (pooled state machine, pooled pool waiter).
    /// </summary>
    public ValueTask<RecordAppendResult> AppendAsync(
        string topic,
        int partition,
        RecordPayload record,
        IAccumulatorMetadata metadata,
        long maxBlockMs,
        IRecordCompletion? completion,
        CancellationToken cancellationToken = default) =>
        AppendAsync(GetTopic(topic), partition, record, metadata, maxBlockMs, completion, cancellationToken);

    /// <summary>
    /// As the overload above, to a topic whose state the caller looked up once (<see cref="TopicStateFor"/>). For a
    /// transactional producer a new batch (<see cref="RecordAppendResult.NewBatchCreated"/>) comes with a hold for the
    /// caller: release it (<c>Batch.Release(Batch.Generation)</c>) once done with the batch. Runs
    /// synchronously — no state machine, no clock read — when the record fits the partition's open batch or a new
    /// batch's memory is free; only a wait for buffer.memory continues asynchronously. Failures come back in the
    /// returned task, never thrown.
    /// </summary>
    public ValueTask<RecordAppendResult> AppendAsync(
        TopicState topicState,
        int partition,
        RecordPayload record,
        IAccumulatorMetadata metadata,
        long maxBlockMs,
        IRecordCompletion? completion,
        CancellationToken cancellationToken = default)
    {
        var reserved = 0;
        try
        {
            var upperBound = record.SizeUpperBound();
            CheckRecordSize(upperBound);
            while (true)
            {
                if (TryAppendOnce(topicState, partition, record, metadata, completion, ref reserved, out var result))
                {
                    return new ValueTask<RecordAppendResult>(result);
                }

                // No room: reserve a new batch's memory outside the lock, then try again. Only a wait (or a failure)
                // goes asynchronous; nothing is reserved at that point.
                var size = Math.Max(_batchSize, upperBound);
                var reserve = _pool.ReserveAsync(size, maxBlockMs, cancellationToken, completion as IBufferWaitObserver);
                if (!reserve.IsCompletedSuccessfully)
                {
                    return AppendAfterReserveAsync(reserve, size, topicState, partition, record, metadata, maxBlockMs, completion, cancellationToken);
                }

                reserve.GetAwaiter().GetResult();
                reserved = size;
            }
        }
#pragma warning disable CA1031 // Every failure of the append is the caller's, through the returned task (as from an async method).
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return ValueTask.FromException<RecordAppendResult>(ex);
        }
        finally
        {
            // Memory reserved but not used (another thread created the batch meanwhile, or we failed).
            if (reserved > 0)
            {
                _pool.Release(reserved);
            }
        }
    }

    /// <summary>The state of <paramref name="topic"/> (created on first use), for <see cref="AppendAsync(TopicState, int, RecordPayload, IAccumulatorMetadata, long, IRecordCompletion?, CancellationToken)"/>.</summary>
    public TopicState TopicStateFor(string topic) => GetTopic(topic);

    // The append after a wait for buffer.memory: a pooled state machine, so a wait allocates nothing once warm.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<RecordAppendResult> AppendAfterReserveAsync(
        ValueTask reserve,
        int size,
        TopicState topicState,
        int partition,
        RecordPayload record,
        IAccumulatorMetadata metadata,
        long maxBlockMs,
        IRecordCompletion? completion,
        CancellationToken cancellationToken)
    {
        var reserved = 0;
        try
        {
            while (true)
            {
                var started = _time.GetTimestamp();
                await reserve.ConfigureAwait(false);
                reserved = size;
                maxBlockMs = Math.Max(0, maxBlockMs - (long)_time.GetElapsedTime(started).TotalMilliseconds);
                if (TryAppendOnce(topicState, partition, record, metadata, completion, ref reserved, out var result))
                {
                    return result;
                }

                reserve = _pool.ReserveAsync(size, maxBlockMs, cancellationToken, completion as IBufferWaitObserver);
            }
        }
        finally
        {
            if (reserved > 0)
            {
                _pool.Release(reserved);
            }
        }
    }

    private void CheckRecordSize(int upperBound)
    {
        if (upperBound > _maxRequestSize)
        {
            ThrowHelper.ThrowRecordTooLarge(upperBound, "max.request.size", _maxRequestSize);
        }

        if (upperBound > _bufferMemory)
        {
            ThrowHelper.ThrowRecordTooLarge(upperBound, "buffer.memory", _bufferMemory);
        }
    }

    // One attempt under the partition lock: into the open batch, or into a new batch when memory is reserved. False
    // when a new batch is needed and nothing is reserved. A changed sticky choice retries on the new partition.
    private bool TryAppendOnce(
        TopicState topicState,
        int partition,
        in RecordPayload record,
        IAccumulatorMetadata metadata,
        IRecordCompletion? completion,
        ref int reserved,
        out RecordAppendResult result)
    {
        while (true)
        {
            if (_closed)
            {
                throw new KafkaException("The producer is closed: no more records can be appended.");
            }

            StickyPartitionInfo? sticky = null;
            PartitionAvailability availability = default;
            var effective = partition;
            if (partition == PartitionChooser.Unknown)
            {
                availability = metadata.GetAvailability(topicState.Topic);
                var current = topicState.Partitioner.PeekCurrentPartitionInfo(availability);
                sticky = current;
                effective = current.Partition;
            }

            var deque = topicState.GetOrCreate(effective);
            lock (deque.Lock)
            {
                if (PartitionChanged(topicState, sticky, deque, availability))
                {
                    continue;
                }

                if (TryAppendLast(deque, record, effective, out result, out var appended)
                    || (reserved > 0 && AppendNewBatch(deque, record, effective, ref reserved, out result, out appended)))
                {
                    if (completion is not null)
                    {
                        completion.OnAppended(result.Partition, result.RecordIndex);
                        result.Batch.AddRecordCompletion(completion);
                    }

                    if (sticky is not null)
                    {
                        topicState.Partitioner.UpdatePartitionInfo(sticky, appended, availability, AllBatchesFull(deque));
                    }

                    return true;
                }
            }

            return false;
        }
    }

    // Caller holds the deque lock. A changed sticky choice, or a deferred switch that can complete now, restarts the append.
    private static bool PartitionChanged(TopicState topic, StickyPartitionInfo? sticky, PartitionDeque deque, PartitionAvailability availability)
    {
        if (topic.Partitioner.IsPartitionChanged(sticky))
        {
            return true;
        }

        if (sticky is not null && AllBatchesFull(deque))
        {
            topic.Partitioner.UpdatePartitionInfo(sticky, 0, availability, enableSwitch: true);
            return topic.Partitioner.IsPartitionChanged(sticky);
        }

        return false;
    }

    private static bool AllBatchesFull(PartitionDeque deque) => deque.Batches.Last is not { } last || last.Value.IsFull;

    private static bool TryAppendLast(PartitionDeque deque, in RecordPayload record, int partition, out RecordAppendResult result, out int appended)
    {
        if (deque.Batches.Last is { } node)
        {
            var batch = node.Value;
            var before = batch.EstimatedSizeInBytes;
            if (batch.TryAppend(record))
            {
                appended = batch.EstimatedSizeInBytes - before;
                result = new RecordAppendResult(batch, partition, batch.RecordCount - 1, deque.Batches.Count > 1 || batch.IsFull, false, batch.CreatedMs);
                return true;
            }
        }

        result = default;
        appended = 0;
        return false;
    }

    private bool AppendNewBatch(PartitionDeque deque, in RecordPayload record, int partition, ref int reserved, out RecordAppendResult result, out int appended)
    {
        // With compression the batch may hold more uncompressed bytes, so its compressed size lands near batch.size.
        var limit = _ratios.UncompressedLimit(deque.TopicPartition.Topic, _compression, _batchSize);
        var createdMs = _time.GetUtcNow().ToUnixTimeMilliseconds();
        var batch = _batchPool.Rent(deque.TopicPartition, limit, reserved, createdMs);
        batch.Sink = CompletionSink;
        batch.CompletionPool = _completionChunks;
        if (!batch.TryAppend(record))
        {
            // Unreachable: the first record always fits a fresh batch.
            batch.ExcludeFromPool();
            batch.Builder.Dispose();
            throw new InvalidOperationException("A fresh batch refused its first record.");
        }

        if (_holdNewBatchesForCaller)
        {
            batch.Hold(); // the caller's (transactional producer): released once the TransactionManager holds it
        }

        reserved = 0;
        deque.AddLast(batch);
        Register(batch);
        appended = batch.EstimatedSizeInBytes;
        result = new RecordAppendResult(batch, partition, 0, deque.Batches.Count > 1 || batch.IsFull, true, batch.CreatedMs);
        return true;
    }
}
