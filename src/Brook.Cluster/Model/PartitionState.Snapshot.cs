using System.Buffers;
using Brook.Cluster.Observability;
using Brook.Cluster.Producers;

namespace Brook.Cluster.Model;

internal sealed partial class PartitionState
{
    /// <summary>Takes a consistent snapshot under the lock (allocates; not for hot paths).</summary>
    public PartitionSnapshot Snapshot()
    {
        lock (_lock)
        {
            var replicas = new ReplicaSnapshot[Replicas.Length];
            var isr = new List<int>(Replicas.Length);
            for (var i = 0; i < Replicas.Length; i++)
            {
                var r = Replicas[i];
                replicas[i] = new ReplicaSnapshot(r.BrokerId, r.LogEndOffset, r.HighWatermark, r.InIsr, r.LastCaughtUpTimeMs, r.Paused);
                if (r.InIsr)
                {
                    isr.Add(r.BrokerId);
                }
            }

            var producers = new List<ProducerStateSnapshot>(Producers.Count);
            foreach (var entry in Producers.Entries)
            {
                var batches = new ProducerBatchMetadata[entry.Count];
                for (var i = 0; i < entry.Count; i++)
                {
                    batches[i] = entry[i];
                }

                producers.Add(new ProducerStateSnapshot(entry.ProducerId, entry.Epoch, batches, entry.LastAppendTimeMs));
            }

            producers.Sort(static (a, b) => a.ProducerId.CompareTo(b.ProducerId));
            return new PartitionSnapshot
            {
                Topic = Topic.Name,
                TopicId = Topic.Id,
                Partition = Index,
                Leader = LeaderId,
                LeaderEpoch = LeaderEpoch,
                Isr = isr,
                Replicas = replicas,
                HighWatermark = HighWatermark,
                LastStableOffset = LastStableOffset,
                OpenTransactions = new Dictionary<long, long>(_openTransactions),
                AbortedTransactions = _abortedTransactions.Select(static a => (a.ProducerId, a.FirstOffset, a.LastOffset)).ToList(),
                LeaderEpochs = EpochEntries(),
                LogStartOffset = Log.LogStartOffset,
                LogEndOffset = Log.LogEndOffset,
                SizeBytes = Log.SizeBytes,
                BatchCount = Log.BatchCount,
                PendingAcks = _waiters.Count,
                Producers = producers,
            };
        }
    }

    /// <summary>
    /// Copies whole batches from <paramref name="fetchOffset"/> up to the HW (consumers; read_uncommitted) into
    /// <paramref name="destination"/>, at most <paramref name="maxBytes"/> except that the first batch always fits.
    /// Returns the bytes copied.
    /// </summary>
    public int ReadCommitted(long fetchOffset, int maxBytes, IBufferWriter<byte> destination)
    {
        lock (_lock)
        {
            return Log.CopyBatches(fetchOffset, HighWatermark, maxBytes, destination);
        }
    }
}
