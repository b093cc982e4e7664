using System.Collections.Concurrent;

namespace Brook.Producer.Accumulator;

internal sealed partial class RecordAccumulator
{
    // Each entry holds its batch (taken before the batch completes) until the sender released it with the generation.
    private readonly ConcurrentQueue<(ProducerBatch Batch, int Generation, KafkaException Error)> _abortedWithSequence = new();

    // Sender-thread scratch for ExpiredBatches: one list reused by every pass instead of one per pass.
    private readonly List<ProducerBatch> _expired = [];

    /// <summary>
    /// Removes queued batches that reached delivery.timeout.ms (§6): each deque from the head, stopping at the first
    /// unexpired batch. The caller fails them (NotPersisted unless an earlier attempt was sent) and deallocates them.
    /// Sender thread only: the returned list is reused (cleared) by the next call, so read it before calling again.
    /// </summary>
    public List<ProducerBatch> ExpiredBatches(long nowMs)
    {
        var expired = _expired;
        expired.Clear();
        foreach (var topic in TopicList)
        {
            foreach (var deque in topic.DequeList)
            {
                lock (deque.Lock)
                {
                    while (deque.Batches.First is { } node && node.Value.HasReachedDeliveryTimeout(_deliveryTimeoutMs, nowMs))
                    {
                        var batch = deque.RemoveFirst()!;
                        batch.CloseForAppends();
                        expired.Add(batch);
                    }
                }
            }
        }

        return expired;
    }

    /// <summary>
    /// Puts a failed batch back for a retry (§5, §7): counts the attempt, draws its backoff once, and inserts it at the
    /// head — or, when it carries a sequence, among the queued batches in sequence order (batches without a sequence
    /// are newer and go after it).
    /// </summary>
    public void Reenqueue(ProducerBatch batch, long nowMs) => Reenqueue(batch, nowMs, skipBackoff: false);

    /// <summary>As <see cref="Reenqueue(ProducerBatch, long)"/>; <paramref name="skipBackoff"/> retries at once (KIP-951: the leader moved).</summary>
    public void Reenqueue(ProducerBatch batch, long nowMs, bool skipBackoff)
    {
        batch.MarkRetry(nowMs, skipBackoff ? 0 : _retryBackoff.BackoffMs(batch.Attempts));
        var deque = GetTopic(batch.TopicPartition.Topic).GetOrCreate(batch.TopicPartition.Partition);
        lock (deque.Lock)
        {
            InsertForRetry(deque, batch);
        }
    }

    /// <summary>
    /// Fails every queued (undrained) batch, e.g. on close or transaction abort, and deallocates it. A batch queued for
    /// a retry already holds a sequence and sits in the sequencer's in-flight set; since this may run off the sender
    /// thread, such batches are handed to the sender (<see cref="TryTakeAbortedWithSequence"/>), which tells the
    /// sequencer on its own thread — otherwise the partition would wait forever for that batch's outcome.
    /// </summary>
    public int AbortUndrainedBatches(KafkaException error)
    {
        var aborted = 0;
        foreach (var topic in TopicList)
        {
            foreach (var deque in topic.DequeList)
            {
                List<ProducerBatch>? removed = null;
                lock (deque.Lock)
                {
                    while (deque.RemoveFirst() is { } batch)
                    {
                        batch.CloseForAppends();
                        (removed ??= []).Add(batch);
                    }
                }

                if (removed is null)
                {
                    continue;
                }

                foreach (var batch in removed)
                {
                    // A batch re-enqueued after a sent attempt may have been appended already.
                    var status = batch.Attempts > 0 ? PersistenceStatus.PossiblyPersisted : PersistenceStatus.NotPersisted;
                    if (batch.HasSequence)
                    {
                        // Held for the sender before Deallocate gives up the accumulator's hold.
                        batch.Hold();
                        _abortedWithSequence.Enqueue((batch, batch.Generation, error));
                    }

                    if (batch.Fail(error, status))
                    {
                        Deallocate(batch);
                    }

                    aborted++;
                }
            }
        }

        return aborted;
    }

    /// <summary>
    /// Sender thread: the next batch <see cref="AbortUndrainedBatches"/> failed after it was given a sequence. It comes
    /// with a hold: call <c>batch.Release(generation)</c> once done with it.
    /// </summary>
    public bool TryTakeAbortedWithSequence(out ProducerBatch batch, out int generation, out KafkaException error)
    {
        if (_abortedWithSequence.TryDequeue(out var entry))
        {
            (batch, generation, error) = entry;
            return true;
        }

        (batch, generation, error) = (null!, 0, null!);
        return false;
    }
}
