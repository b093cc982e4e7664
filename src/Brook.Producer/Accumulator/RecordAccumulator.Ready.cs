namespace Brook.Producer.Accumulator;

internal sealed partial class RecordAccumulator
{
    // Sender-thread state: when each node last had sendable data and when it was last drained (partitioner.availability.timeout.ms).
    private readonly Dictionary<int, long> _nodeReadyMs = [];
    private readonly Dictionary<int, long> _nodeDrainMs = [];
    private readonly HashSet<TopicPartition> _muted = [];

    // Sender-thread scratch reused by every ready check (one runs per sender pass, several per batch at low rates):
    // the result's sets.
    private readonly HashSet<int> _readyNodes = [];
    private readonly HashSet<string> _unknownLeaderTopics = new(StringComparer.Ordinal);

    /// <summary>
    /// Which leader nodes have sendable data (§4): a head batch is sendable when the deque holds more than one batch
    /// or the head is full, linger.ms has passed, pool waiters exist, the producer is closing, a flush is in progress
    /// or a transaction is completing — and it is not backing off or muted. Also rebuilds the adaptive partitioner's
    /// load statistics. Sender thread only: the result's sets are reused (cleared) by the next call, so a pass reads
    /// them before it checks again. Allocates nothing per call: topics and deques are read from their copy-on-add arrays.
    /// </summary>
    public ReadyCheckResult Ready(IAccumulatorMetadata metadata, long nowMs)
    {
        var readyNodes = _readyNodes;
        var unknownLeaderTopics = _unknownLeaderTopics;
        readyNodes.Clear();
        unknownLeaderTopics.Clear();
        var nextReadyCheckDelayMs = long.MaxValue;
        var exhausted = _pool.QueuedCount > 0;
        var forced = exhausted || _closed || FlushInProgress || (IsTransactionCompleting?.Invoke() ?? false);

        foreach (var topic in TopicList)
        {
            var availability = metadata.GetAvailability(topic.Topic);
            var deques = topic.DequeList;
            var collect = _adaptivePartitioning && availability.PartitionCount >= 2 && deques.Length >= availability.PartitionCount;
            var (queueSizes, partitionIds) = collect ? topic.LoadScratch(availability.PartitionCount) : (null, null);
            var length = 0;

            foreach (var deque in deques)
            {
                var partition = deque.TopicPartition.Partition;
                ProducerBatch? first;
                int count;

                // The leader comes from the lock-free view, so the deque lock is taken once per pass (the application
                // threads append under it).
                var hasLeader = metadata.TryGetLeader(deque.TopicPartition, out var node, out var leaderEpoch);
                lock (deque.Lock)
                {
                    first = deque.Batches.First?.Value;
                    count = deque.Batches.Count;
                    if (hasLeader)
                    {
                        first?.MaybeUpdateLeaderEpoch(leaderEpoch);
                    }
                }

                if (!hasLeader)
                {
                    if (count > 0)
                    {
                        unknownLeaderTopics.Add(topic.Topic);
                    }

                    continue;
                }

                if (queueSizes is not null && length < queueSizes.Length && !IsNodeUnavailable(node))
                {
                    queueSizes[length] = count;
                    partitionIds![length++] = partition;
                }

                if (first is null || readyNodes.Contains(node) || _muted.Contains(deque.TopicPartition))
                {
                    continue;
                }

                var waitedMs = nowMs - first.LastAttemptMs;
                var backingOff = first.IsBackingOff(nowMs);
                var timeToWaitMs = backingOff ? first.RetryBackoffMs : _lingerMs;
                var full = count > 1 || first.IsFull;
                var sendable = full || waitedMs >= timeToWaitMs || forced;
                if (sendable && !backingOff)
                {
                    readyNodes.Add(node);
                    _nodeReadyMs[node] = nowMs;
                    _nodeDrainMs.TryAdd(node, nowMs); // Java's NodeLatencyStats: drain time starts at the first ready time
                }
                else
                {
                    nextReadyCheckDelayMs = Math.Min(nextReadyCheckDelayMs, Math.Max(timeToWaitMs - waitedMs, 0));
                }
            }

            topic.Partitioner.UpdatePartitionLoadStats(queueSizes, partitionIds ?? [], length, availability.PartitionCount);
        }

        return new ReadyCheckResult(readyNodes, nextReadyCheckDelayMs, unknownLeaderTopics);
    }

    /// <summary>Stops draining a partition (max.in.flight=1 ordering) until <see cref="Unmute"/>.</summary>
    public void Mute(TopicPartition topicPartition) => _muted.Add(topicPartition);

    /// <summary>Allows draining a muted partition again.</summary>
    public void Unmute(TopicPartition topicPartition) => _muted.Remove(topicPartition);

    // A node that had sendable data for longer than partitioner.availability.timeout.ms without being drained is skipped by the partitioner.
    private bool IsNodeUnavailable(int node) =>
        _availabilityTimeoutMs > 0
        && _nodeReadyMs.TryGetValue(node, out var ready)
        && ready - _nodeDrainMs.GetValueOrDefault(node, ready) > _availabilityTimeoutMs;
}
