namespace Brook.Producer.Accumulator;

internal sealed partial class ProducerBatch
{
    // Who may still touch this batch (docs/design/producer.md "Batch lifetime"): the accumulator from creation until
    // Deallocate (deque, incomplete set, completion dispatch, deferred deallocation), the sender's in-flight request,
    // the idempotent sequencer's in-flight list, the accumulator's aborted-with-sequence queue, and for a transactional
    // producer the appending caller and then the TransactionManager until the transaction ends. The last release hands
    // a pooled batch back to its pool, which clears it and bumps the generation.
    private int _holds = 1;
    private int _generation;
    private volatile ProducerBatchPool? _pool;

    /// <summary>Bumped each time the batch is recycled: a holder releases with the generation it took the hold in.</summary>
    public int Generation => Volatile.Read(ref _generation);

    /// <summary>Holds on the batch now (1 from creation until <see cref="RecordAccumulator.Deallocate"/>); for tests.</summary>
    internal int Holds => Volatile.Read(ref _holds);

    /// <summary>True while the batch goes back to a pool after its last hold (false for splits and batches made by tests).</summary>
    public bool IsPooled => _pool is not null;

    /// <summary>
    /// Takes a hold for a holder that keeps the batch beyond the call it got it in; release it with
    /// <see cref="Release(int)"/> and the <see cref="Generation"/> read now.
    /// </summary>
    /// <exception cref="InvalidOperationException">The batch was already recycled (nobody held it any more).</exception>
    public void Hold()
    {
        var holds = _holds;
        while (true)
        {
            if (holds <= 0)
            {
                throw new InvalidOperationException($"{this} (generation {Generation}) was taken after its last hold was released: it is recycled and must not be used.");
            }

            var seen = Interlocked.CompareExchange(ref _holds, holds + 1, holds);
            if (seen == holds)
            {
                return;
            }

            holds = seen;
        }
    }

    /// <summary>
    /// Releases a hold taken in <paramref name="generation"/>; the last release recycles a pooled batch (the caller
    /// must not touch it afterwards).
    /// </summary>
    /// <exception cref="InvalidOperationException">
    /// The batch was recycled since the hold was taken (a holder released twice, or kept it without a hold).
    /// </exception>
    public void Release(int generation)
    {
        if (generation != Generation)
        {
            throw new InvalidOperationException($"{this} was released by a holder from generation {generation}, but it is at generation {Generation}: it was recycled while that holder still used it.");
        }

        var holds = Interlocked.Decrement(ref _holds);
        if (holds > 0)
        {
            return;
        }

        if (holds < 0)
        {
            throw new InvalidOperationException($"{this} (generation {generation}) was released more often than it was held.");
        }

        _pool?.Return(this);
    }

    /// <summary>Keeps this batch out of the pool for good (a split parent and its pieces: they refer to each other).</summary>
    public void ExcludeFromPool() => _pool = null;

    /// <summary>Ties a batch to the pool it returns to after its last hold.</summary>
    internal void AttachTo(ProducerBatchPool pool) => _pool = pool;

    /// <summary>
    /// Pool only, after the last hold: forgets everything of the batch that was (records' completions, sequence,
    /// attempts, outcome, split links, sink) and moves to the next generation. The builder's buffers were returned at
    /// deallocation; <see cref="Reuse"/> rents them again.
    /// </summary>
    internal void Recycle()
    {
        Interlocked.Increment(ref _generation);
        _done = 0;
        _attemptStatus = default;
        _attemptsWhenLeaderLastChanged = 0;
        LastAttemptMs = 0;
        DrainedMs = 0;
        Attempts = 0;
        RetryBackoffMs = 0;
        IsClosedForAppends = false;
        ProducerId = -1;
        ProducerEpoch = -1;
        BaseSequence = -1;
        IsTransactional = false;
        IsSequenceReset = false;
        Sealed = default;
        BaseOffset = -1;
        LogAppendTimeMs = -1;
        Error = null;
        Status = default;
        LeaderEpoch = -1;
        _firstChunk = null;
        _lastChunk = null;
        _lastChunkCount = 0;
        _touched = 0;
        _dispatched = false;
        _recordsCompleted = false;
        _completionSource = null;
        _deferredDeallocation = null;
        Sink = null;
        CompletionPool = CompletionChunkPool.Shared;
        _children = null;
        _pendingChildren = 0;
        Parent = null;
    }

    /// <summary>Pool only: starts a recycled batch as the constructor starts a new one (one hold: the accumulator's).</summary>
    internal void Reuse(TopicPartition topicPartition, int batchSizeLimit, int reservedBytes, long createdMs)
    {
        Builder.Reset(batchSizeLimit);
        TopicPartition = topicPartition;
        ReservedBytes = reservedBytes;
        CreatedMs = createdMs;
        LastAttemptMs = createdMs;
        Volatile.Write(ref _holds, 1);
    }
}
