namespace Brook.Producer.Accumulator;

internal sealed partial class RecordAccumulator
{
    private readonly Dictionary<int, int> _drainIndex = [];

    /// <summary>
    /// Takes batches for each ready node (§4 step 3): that node's partitions round-robin from a saved index, at most
    /// one batch per partition, skipping muted, empty and backing-off partitions, stopping before max.request.size
    /// would be exceeded (a lone oversized batch still goes) or when the sequencer says a head batch must wait.
    /// Drained batches are stamped (idempotence hook) and sealed. Allocates a dictionary and a list per node (tests and
    /// tools); the sender drains with <see cref="DrainNode"/> into lists it reuses.
    /// </summary>
    public Dictionary<int, List<ProducerBatch>> Drain(IAccumulatorMetadata metadata, IEnumerable<int> nodes, int maxRequestSize, long nowMs)
    {
        var drained = new Dictionary<int, List<ProducerBatch>>();
        foreach (var node in nodes)
        {
            var ready = new List<ProducerBatch>();
            DrainNode(metadata, node, ready, maxRequestSize, nowMs);
            drained[node] = ready;
        }

        return drained;
    }

    /// <summary>
    /// <see cref="Drain"/> for one node, appending to <paramref name="ready"/> (the sender passes the pooled list of the
    /// request that will carry the batches, so a pass allocates nothing). Sender thread only.
    /// </summary>
    public void DrainNode(IAccumulatorMetadata metadata, int node, List<ProducerBatch> ready, int maxRequestSize, long nowMs)
    {
        _nodeDrainMs[node] = nowMs;
        var partitions = metadata.PartitionsForNode(node);
        if (partitions.Count == 0)
        {
            return;
        }

        var start = _drainIndex.GetValueOrDefault(node) % partitions.Count;
        var index = start;
        long size = 0;
        var stoppedAt = -1;
        do
        {
            var current = index;
            var tp = partitions[current];
            index = (index + 1) % partitions.Count;
            if (_muted.Contains(tp) || !_topics.TryGetValue(tp.Topic, out var topic) || !topic.Deques.TryGetValue(tp.Partition, out var deque))
            {
                continue;
            }

            ProducerBatch? batch = null;
            var hasEpoch = metadata.TryGetLeader(tp, out _, out var leaderEpoch);
            lock (deque.Lock)
            {
                var first = deque.Batches.First?.Value;
                if (first is not null && hasEpoch)
                {
                    first.MaybeUpdateLeaderEpoch(leaderEpoch);
                }

                if (first is null || first.IsBackingOff(nowMs))
                {
                    continue;
                }

                if ((size + first.EstimatedSizeInBytes > maxRequestSize && ready.Count > 0) || (Sequencer is { } seq && !seq.CanDrain(first)))
                {
                    stoppedAt = current;
                }
                else
                {
                    deque.RemoveFirst();
                    first.MarkDrained(nowMs);
                    Sequencer?.Stamp(first);
                    batch = first;
                }
            }

            if (batch is null)
            {
                break;
            }

            // Compression and CRC outside the deque lock; the observed ratio tunes the next batches' size limit.
            var wasSealed = !batch.Sealed.IsEmpty;
            var sealedLength = batch.Seal(_compression, _compressionLevel).Length;
            if (!wasSealed && _compression != CompressionType.None)
            {
                var observed = (double)sealedLength / Math.Max(1, batch.EstimatedSizeInBytes);
                _ratios.Update(tp.Topic, _compression, observed);
            }

            size += sealedLength;
            ready.Add(batch);
            _metrics?.RecordQueueTime(nowMs - batch.CreatedMs);
        }
        while (index != start);

        // Resume where this pass stopped (the partition that did not fit goes first), else one past the start.
        _drainIndex[node] = stoppedAt >= 0 ? stoppedAt : (start + 1) % partitions.Count;
    }
}
