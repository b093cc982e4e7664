using System.Diagnostics.CodeAnalysis;

namespace Brook.Cluster.Producers;

/// <summary>
/// Idempotent-producer state of one partition, keyed by producer id (broker-semantics.md §2). Guarded by the
/// partition lock. Allocates only when a new producer id first appears.
/// </summary>
internal sealed class ProducerStateTable
{
    private readonly Dictionary<long, ProducerStateEntry> _entries = [];
    private readonly List<long> _scratch = [];

    /// <summary>Number of producer ids with state.</summary>
    public int Count => _entries.Count;

    /// <summary>Every entry (snapshot use; allocation-free struct enumerator).</summary>
    public Dictionary<long, ProducerStateEntry>.ValueCollection Entries => _entries.Values;

    /// <summary>Looks up the state of <paramref name="producerId"/>.</summary>
    public bool TryGet(long producerId, [NotNullWhen(true)] out ProducerStateEntry? entry) =>
        _entries.TryGetValue(producerId, out entry);

    /// <summary>
    /// Applies the rules of broker-semantics.md §2 in order to a batch from a client: duplicate, fenced epoch,
    /// new epoch from 0, same epoch in sequence, no state accepts anything.
    /// </summary>
    public ProducerCheck Check(long producerId, short epoch, int firstSequence, int lastSequence, out ProducerBatchMetadata duplicateOf)
    {
        duplicateOf = default;
        if (!_entries.TryGetValue(producerId, out var entry))
        {
            return ProducerCheck.Append;
        }

        if (entry.Count == 0)
        {
            // Only a transaction marker set this epoch: older epochs are fenced, any sequence is accepted otherwise.
            return epoch < entry.Epoch ? ProducerCheck.InvalidProducerEpoch : ProducerCheck.Append;
        }

        if (entry.TryFindDuplicate(epoch, firstSequence, lastSequence, out duplicateOf))
        {
            return ProducerCheck.Duplicate;
        }

        if (epoch < entry.Epoch)
        {
            return ProducerCheck.InvalidProducerEpoch;
        }

        if (epoch > entry.Epoch)
        {
            return firstSequence == 0 ? ProducerCheck.Append : ProducerCheck.OutOfOrderSequence;
        }

        return Sequences.Follows(entry.Last.LastSequence, firstSequence) ? ProducerCheck.Append : ProducerCheck.OutOfOrderSequence;
    }

    /// <summary>Records an appended batch (on the leader after the checks, or when rebuilding from the log).</summary>
    public void Record(long producerId, short epoch, in ProducerBatchMetadata batch, long appendTimeMs)
    {
        if (!_entries.TryGetValue(producerId, out var entry))
        {
            entry = new ProducerStateEntry(producerId);
            _entries.Add(producerId, entry);
        }

        entry.Add(epoch, batch, appendTimeMs);
    }

    /// <summary>
    /// A transaction marker with <paramref name="epoch"/> was written: a higher epoch replaces the entry's (the
    /// retained batches go, as after a KIP-360 bump), so batches of older epochs get INVALID_PRODUCER_EPOCH.
    /// </summary>
    public void Fence(long producerId, short epoch, long nowMs)
    {
        if (!_entries.TryGetValue(producerId, out var entry))
        {
            entry = new ProducerStateEntry(producerId);
            _entries.Add(producerId, entry);
        }

        entry.Fence(epoch, nowMs);
    }

    /// <summary>Drops every entry (before a rebuild from the log).</summary>
    public void Clear() => _entries.Clear();

    /// <summary>
    /// Removes producers whose newest batch lies below <paramref name="logStartOffset"/> (retention removed their
    /// data) or that have not appended since <paramref name="expireBeforeMs"/> (producer.id.expiration.ms).
    /// Returns how many were removed.
    /// </summary>
    public int Evict(long logStartOffset, long expireBeforeMs)
    {
        _scratch.Clear();
        foreach (var entry in _entries.Values)
        {
            if ((entry.Count > 0 && entry.Last.LastOffset < logStartOffset) || entry.LastAppendTimeMs < expireBeforeMs)
            {
                _scratch.Add(entry.ProducerId);
            }
        }

        foreach (var id in _scratch)
        {
            _entries.Remove(id);
        }

        return _scratch.Count;
    }
}
