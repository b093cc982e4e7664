namespace Brook.Producer.Accumulator;

/// <summary>
/// Per-partition sequence bookkeeping for the idempotent producer at drain time (producer-algorithms.md §5):
/// sequences are assigned once per batch when first drained, never on a plain retry; a retried head batch goes only
/// when it is the partition's lowest in-flight sequence; a new batch waits while older in-flight batches carry a stale
/// producer id/epoch or the partition has an unresolved sequence; after an epoch bump a partition restarts at sequence
/// 0 lazily, once its old in-flight batches are gone. Epoch bumps, unresolved-sequence resolution and error handling
/// (§6, §9) belong to the sender, which calls the methods below. Sender thread only.
/// </summary>
internal sealed class IdempotentSequencer : IDrainSequencer
{
    private readonly Dictionary<TopicPartition, PartitionSequences> _partitions = [];
    private readonly HashSet<TopicPartition> _unresolved = [];
    private readonly bool _transactional;

    /// <summary>Creates the sequencer.</summary>
    /// <param name="transactional">Stamp batches as transactional.</param>
    public IdempotentSequencer(bool transactional)
    {
        _transactional = transactional;
    }

    /// <summary>The current producer id (-1 until InitProducerId succeeded).</summary>
    public long ProducerId { get; private set; } = -1;

    /// <summary>The current producer epoch (-1 until InitProducerId succeeded).</summary>
    public short ProducerEpoch { get; private set; } = -1;

    /// <summary>True for a transactional producer.</summary>
    public bool IsTransactional => _transactional;

    /// <summary>True once a producer id is known; nothing is drained before.</summary>
    public bool HasValidProducerId => ProducerId >= 0 && ProducerEpoch >= 0;

    /// <summary>Sets the producer id and epoch (InitProducerId response or a local epoch bump).</summary>
    public void SetProducerIdAndEpoch(long producerId, short producerEpoch)
    {
        ProducerId = producerId;
        ProducerEpoch = producerEpoch;
    }

    /// <inheritdoc />
    public bool CanDrain(ProducerBatch first)
    {
        if (!HasValidProducerId)
        {
            return false;
        }

        var state = Get(first.TopicPartition);
        if (!first.HasSequence)
        {
            if (state.InFlight.Count > 0 && state.HasStaleProducerState(ProducerId, ProducerEpoch))
            {
                return false;
            }

            return !state.Unresolved;
        }

        // A retry reduces the partition to one in flight: only the lowest in-flight sequence may go.
        return state.InFlight.Count == 0 || state.InFlight[0].Batch.BaseSequence == first.BaseSequence;
    }

    /// <inheritdoc />
    public void Stamp(ProducerBatch batch)
    {
        if (batch.HasSequence)
        {
            return;
        }

        var state = Get(batch.TopicPartition);
        if (state.HasStaleProducerState(ProducerId, ProducerEpoch) && state.InFlight.Count == 0)
        {
            // Lazy restart under the new producer id/epoch (§9; avoids KAFKA-12152).
            state.Reset(ProducerId, ProducerEpoch);
        }

        batch.SetProducerState(ProducerId, ProducerEpoch, state.NextSequence, _transactional);
        state.NextSequence = Wrap(state.NextSequence + (long)batch.RecordCount);
        state.Add(batch);
    }

    /// <summary>A batch was acknowledged (or answered DUPLICATE_SEQUENCE_NUMBER): advance lastAckedSequence.</summary>
    public void OnAcknowledged(ProducerBatch batch, long baseOffset)
    {
        var state = Get(batch.TopicPartition);
        state.RemoveExact(batch);
        if (batch.ProducerId == state.ProducerId && batch.ProducerEpoch == state.ProducerEpoch)
        {
            var last = (int)Wrap(batch.BaseSequence + (long)batch.RecordCount - 1);
            state.LastAckedSequence = Math.Max(state.LastAckedSequence, last);
            if (baseOffset >= 0)
            {
                state.LastAckedOffset = baseOffset + batch.RecordCount - 1;
            }
        }
    }

    /// <summary>A batch failed for good (or expired): it is no longer in flight.</summary>
    public void OnFailed(ProducerBatch batch) => Get(batch.TopicPartition).RemoveExact(batch);

    /// <summary>Marks or clears an unresolved sequence for a partition (§6); new batches wait while it is set.</summary>
    public void SetUnresolved(TopicPartition topicPartition, bool unresolved)
    {
        Get(topicPartition).Unresolved = unresolved;
        if (unresolved)
        {
            _unresolved.Add(topicPartition);
        }
        else
        {
            _unresolved.Remove(topicPartition);
        }
    }

    /// <summary>Partitions with an unresolved sequence (§6).</summary>
    public IReadOnlyCollection<TopicPartition> UnresolvedPartitions => _unresolved;

    /// <summary>True when the partition has an unresolved sequence.</summary>
    public bool IsUnresolved(TopicPartition topicPartition) => _partitions.TryGetValue(topicPartition, out var state) && state.Unresolved;

    /// <summary>True when every assigned sequence of the partition was acknowledged (nextSequence == lastAcked + 1).</summary>
    public bool AllSequencesAcknowledged(TopicPartition topicPartition)
    {
        var state = Get(topicPartition);
        return state.NextSequence == Wrap(state.LastAckedSequence + 1L);
    }

    /// <summary>
    /// After a bump (or a new producer id) renumbers the partition's in-flight batches 0, n1, n1 + n2, … under the
    /// current id/epoch (§9): nextSequence becomes their total, lastAckedSequence -1. Queued retries keep their place
    /// (renumbering keeps the relative order). Clears the partition's unresolved mark.
    /// </summary>
    public void RestartSequences(TopicPartition topicPartition)
    {
        var state = Get(topicPartition);
        state.Reset(ProducerId, ProducerEpoch);
        var sequence = 0;
        foreach (var entry in state.InFlight)
        {
            // In place: the entries keep their holds and their order (renumbering keeps the relative order).
            entry.Batch.ResetProducerState(ProducerId, ProducerEpoch, sequence);
            sequence = Wrap(sequence + (long)entry.Batch.RecordCount);
        }

        state.NextSequence = sequence;
        SetUnresolved(topicPartition, unresolved: false);
    }

    /// <summary>
    /// Drops in-flight entries whose batch already completed without the sender seeing it (a queued retry failed by a
    /// transaction abort): once a transactional bump installed a new epoch they would hold the partition's new batches
    /// back for good (a stale in-flight batch must finish before the lazy restart).
    /// </summary>
    public void ForgetCompletedInFlight()
    {
        foreach (var state in _partitions.Values)
        {
            var inFlight = state.InFlight;
            for (var i = inFlight.Count - 1; i >= 0; i--)
            {
                var entry = inFlight[i];
                if (entry.Batch.IsDone)
                {
                    inFlight.RemoveAt(i);
                    entry.Batch.Release(entry.Generation);
                }
            }
        }
    }

    /// <summary>A batch with a sequence was split (MESSAGE_TOO_LARGE): its pieces, which continue its sequences, replace it in flight.</summary>
    public void ReplaceWithChildren(ProducerBatch big)
    {
        var state = Get(big.TopicPartition);
        if (!state.RemoveExact(big))
        {
            return;
        }

        foreach (var piece in big.Children)
        {
            if (piece.HasSequence)
            {
                state.Add(piece);
            }
        }
    }

    /// <summary>The next sequence the partition will assign.</summary>
    public int NextSequence(TopicPartition topicPartition) => Get(topicPartition).NextSequence;

    /// <summary>The highest acknowledged sequence (-1 initially).</summary>
    public int LastAckedSequence(TopicPartition topicPartition) => Get(topicPartition).LastAckedSequence;

    /// <summary>Batches of the partition currently in flight.</summary>
    public int InFlightCount(TopicPartition topicPartition) => Get(topicPartition).InFlight.Count;

    private static int Wrap(long sequence) => (int)(sequence % ((long)int.MaxValue + 1));

    private PartitionSequences Get(TopicPartition topicPartition)
    {
        if (!_partitions.TryGetValue(topicPartition, out var state))
        {
            state = new PartitionSequences(ProducerId, ProducerEpoch);
            _partitions[topicPartition] = state;
        }

        return state;
    }

    // An in-flight batch and the generation its hold was taken in (released with it when the batch leaves the set).
    private readonly record struct HeldBatch(ProducerBatch Batch, int Generation);

    private sealed class PartitionSequences(long producerId, short producerEpoch)
    {
        // Sorted by BaseSequence, no two with the same sequence; a few entries (max.in.flight), so a list with a
        // linear insert (usually at the end) instead of a SortedSet, which allocated a node per batch. Each entry
        // holds its batch (ProducerBatch.Hold): the order reads BaseSequence, so a batch in it must never be recycled.
        public List<HeldBatch> InFlight { get; } = [];

        public long ProducerId { get; private set; } = producerId;

        public short ProducerEpoch { get; private set; } = producerEpoch;

        public int NextSequence { get; set; }

        public int LastAckedSequence { get; set; } = -1;

        public long LastAckedOffset { get; set; } = -1;

        public bool Unresolved { get; set; }

        // Inserts in sequence order and takes a hold; a batch whose sequence is already there is not added (as a set).
        public void Add(ProducerBatch batch)
        {
            var sequence = batch.BaseSequence;
            var index = InFlight.Count;
            while (index > 0 && InFlight[index - 1].Batch.BaseSequence >= sequence)
            {
                if (InFlight[index - 1].Batch.BaseSequence == sequence)
                {
                    return;
                }

                index--;
            }

            batch.Hold();
            InFlight.Insert(index, new HeldBatch(batch, batch.Generation));
        }

        // Removes only this very batch, never another with an equal sequence, and releases its hold.
        public bool RemoveExact(ProducerBatch batch)
        {
            for (var i = 0; i < InFlight.Count; i++)
            {
                var held = InFlight[i];
                if (ReferenceEquals(held.Batch, batch))
                {
                    InFlight.RemoveAt(i);
                    batch.Release(held.Generation);
                    return true;
                }
            }

            return false;
        }

        public bool HasStaleProducerState(long producerId, short epoch) => ProducerId != producerId || ProducerEpoch != epoch;

        public void Reset(long producerId, short epoch)
        {
            ProducerId = producerId;
            ProducerEpoch = epoch;
            NextSequence = 0;
            LastAckedSequence = -1;
            LastAckedOffset = -1;
        }
    }
}
