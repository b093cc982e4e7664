namespace Brook.Cluster.Producers;

/// <summary>
/// State of one producer id on one partition: its epoch and the last <see cref="RetainedBatches"/> batches
/// (Kafka's ProducerStateEntry, NUM_BATCHES_TO_RETAIN = 5). Mutated only under the partition lock.
/// </summary>
internal sealed class ProducerStateEntry
{
    /// <summary>Batches kept for duplicate detection; matches the client's max.in.flight ≤ 5.</summary>
    public const int RetainedBatches = 5;

    private readonly ProducerBatchMetadata[] _batches = new ProducerBatchMetadata[RetainedBatches];
    private int _next;

    public ProducerStateEntry(long producerId)
    {
        ProducerId = producerId;
    }

    public long ProducerId { get; }

    public short Epoch { get; private set; }

    /// <summary>Number of retained batches (0..5).</summary>
    public int Count { get; private set; }

    /// <summary>Broker time of the last append: drives producer.id.expiration.ms.</summary>
    public long LastAppendTimeMs { get; private set; }

    /// <summary>The newest retained batch; only valid when <see cref="Count"/> &gt; 0.</summary>
    public ref readonly ProducerBatchMetadata Last => ref _batches[(_next + RetainedBatches - 1) % RetainedBatches];

    /// <summary>The <paramref name="index"/>th retained batch, oldest first.</summary>
    public ref readonly ProducerBatchMetadata this[int index] =>
        ref _batches[(_next - Count + index + (2 * RetainedBatches)) % RetainedBatches];

    /// <summary>Finds a retained batch with exactly this epoch and sequence range.</summary>
    public bool TryFindDuplicate(short epoch, int firstSequence, int lastSequence, out ProducerBatchMetadata original)
    {
        if (epoch == Epoch)
        {
            for (var i = 0; i < Count; i++)
            {
                ref readonly var b = ref this[i];
                if (b.FirstSequence == firstSequence && b.LastSequence == lastSequence)
                {
                    original = b;
                    return true;
                }
            }
        }

        original = default;
        return false;
    }

    /// <summary>A marker of <paramref name="epoch"/>: a newer epoch clears the retained batches; an older one is ignored.</summary>
    public void Fence(short epoch, long nowMs)
    {
        if (epoch > Epoch || (Count == 0 && LastAppendTimeMs == 0))
        {
            Epoch = epoch;
            Count = 0;
        }

        LastAppendTimeMs = Math.Max(LastAppendTimeMs, nowMs);
    }

    /// <summary>Records an accepted batch; a new epoch first clears the retained batches (KIP-360 bump).</summary>
    public void Add(short epoch, in ProducerBatchMetadata batch, long appendTimeMs)
    {
        if (epoch != Epoch)
        {
            Epoch = epoch;
            Count = 0;
        }

        _batches[_next] = batch;
        _next = (_next + 1) % RetainedBatches;
        Count = Math.Min(Count + 1, RetainedBatches);
        LastAppendTimeMs = Math.Max(LastAppendTimeMs, appendTimeMs);
    }
}
