using Brook.Producer.Accumulator;
using Brook.Producer.Partitioning;
using Brook.Protocol.Errors;
using Brook.Protocol.Messages;

namespace Brook.Producer.Network;

/// <summary>
/// The producer's cluster view (Java <c>ProducerMetadata</c>): topics in use, each partition's leader and leader epoch,
/// and the partitions each node leads. Readers (application threads, the sender) see an immutable snapshot swapped on
/// update, so the append path reads it without locks or allocation. Updates come from Metadata responses and KIP-951
/// leader hints, both on the sender thread. Application threads wait for unknown topics through
/// <see cref="WaitForTopicAsync"/>.
/// </summary>
internal sealed partial class ProducerMetadata : IAccumulatorMetadata
{
    private readonly Lock _lock = new();
    private readonly HashSet<string> _topics = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TaskCompletionSource> _waiters = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly long _maxAgeMs;
    private volatile MetadataSnapshot _snapshot = MetadataSnapshot.Empty;
    private volatile bool _updateRequested;
    private long _requestVersion;
    private long _sentVersion = -1;
    private long _lastRefreshMs = long.MinValue / 2;

    /// <summary>Creates an empty view; metadata.max.age.ms forces a periodic refresh.</summary>
    public ProducerMetadata(TimeProvider time, long maxAgeMs)
    {
        _time = time;
        _maxAgeMs = maxAgeMs;
    }

    /// <summary>The current snapshot.</summary>
    public MetadataSnapshot Snapshot => _snapshot;

    /// <summary>True when a refresh was asked for (unknown topic or leader, leader error).</summary>
    public bool UpdateRequested => _updateRequested;

    /// <summary>When the last response was applied (Unix ms).</summary>
    public long LastRefreshMs => Volatile.Read(ref _lastRefreshMs);

    /// <inheritdoc />
    public PartitionAvailability GetAvailability(string topic) =>
        _snapshot.Topics.TryGetValue(topic, out var info) ? info.Availability : default;

    /// <inheritdoc />
    public bool TryGetLeader(TopicPartition topicPartition, out int nodeId, out int leaderEpoch)
    {
        if (_snapshot.Leaders.TryGetValue(topicPartition, out var leader) && leader.NodeId >= 0)
        {
            nodeId = leader.NodeId;
            leaderEpoch = leader.Epoch;
            return true;
        }

        nodeId = -1;
        leaderEpoch = -1;
        return false;
    }

    /// <inheritdoc />
    public IReadOnlyList<TopicPartition> PartitionsForNode(int nodeId) =>
        _snapshot.ByNode.TryGetValue(nodeId, out var list) ? list : [];

    /// <summary>The cached leader epoch of a partition (-1 when unknown).</summary>
    public int LeaderEpoch(TopicPartition topicPartition) =>
        _snapshot.Leaders.TryGetValue(topicPartition, out var leader) ? leader.Epoch : -1;

    /// <summary>Asks the sender to refresh metadata on its next pass.</summary>
    public void RequestUpdate()
    {
        Interlocked.Increment(ref _requestVersion);
        _updateRequested = true;
    }

    /// <summary>True when the sender should send a Metadata request now.</summary>
    public bool NeedsUpdate(long nowMs)
    {
        lock (_lock)
        {
            return _topics.Count > 0 && (_updateRequested || nowMs - _lastRefreshMs >= _maxAgeMs);
        }
    }

    /// <summary>Milliseconds until the periodic refresh is due (0 when due or requested).</summary>
    public long TimeToNextUpdateMs(long nowMs)
    {
        lock (_lock)
        {
            if (_topics.Count == 0)
            {
                return long.MaxValue;
            }

            return _updateRequested ? 0 : Math.Max(0, _lastRefreshMs + _maxAgeMs - nowMs);
        }
    }

    /// <summary>
    /// A Metadata request for every topic in use (auto-creation allowed, as Java's producer does). Remembers which
    /// update requests it answers, so a request made while it is in flight (a new topic, a leader error) survives its
    /// response (Java's <c>Metadata.requestVersion</c>).
    /// </summary>
    public MetadataRequest BuildRequest()
    {
        var request = new MetadataRequest { AllowAutoTopicCreation = true };
        lock (_lock)
        {
            _sentVersion = Interlocked.Read(ref _requestVersion);
            foreach (var topic in _topics)
            {
                request.Topics!.Add(new MetadataRequest.MetadataRequestTopic { Name = topic });
            }
        }

        return request;
    }

    /// <summary>
    /// Returns the topic's partitions once metadata knows it: at once (no allocation) when it is already known,
    /// otherwise after the sender's next refresh, waiting at most <paramref name="maxBlockMs"/> (Java max.block.ms).
    /// </summary>
    /// <exception cref="KafkaTimeoutException">The topic did not appear in time.</exception>
    public ValueTask<PartitionAvailability> WaitForTopicAsync(string topic, long maxBlockMs, Action wakeSender, CancellationToken cancellationToken)
    {
        if (_snapshot.Topics.TryGetValue(topic, out var info) && info.Availability.PartitionCount > 0)
        {
            return ValueTask.FromResult(info.Availability);
        }

        return WaitSlowAsync(topic, maxBlockMs, wakeSender, cancellationToken);
    }

    /// <summary>Fails waiters of a topic the cluster rejected for good (authorization, invalid name).</summary>
    private void FailWaiter(string topic, KafkaException error)
    {
        TaskCompletionSource? waiter;
        lock (_lock)
        {
            if (_waiters.Remove(topic, out waiter))
            {
                _topics.Remove(topic);
            }
        }

        waiter?.TrySetException(error);
    }

    private async ValueTask<PartitionAvailability> WaitSlowAsync(string topic, long maxBlockMs, Action wakeSender, CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        while (true)
        {
            Task wait;
            lock (_lock)
            {
                if (_snapshot.Topics.TryGetValue(topic, out var known) && known.Availability.PartitionCount > 0)
                {
                    return known.Availability;
                }

                _topics.Add(topic);
                if (!_waiters.TryGetValue(topic, out var waiter))
                {
                    waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                    _waiters[topic] = waiter;
                }

                wait = waiter.Task;
                Interlocked.Increment(ref _requestVersion);
                _updateRequested = true;
            }

            wakeSender();
            var remaining = maxBlockMs - (long)_time.GetElapsedTime(started).TotalMilliseconds;
            if (remaining <= 0)
            {
                throw new KafkaTimeoutException($"Topic '{topic}' not present in metadata after {maxBlockMs} ms (max.block.ms). Check the topic name and that the cluster auto-creates topics, or create it first.");
            }

            try
            {
                await wait.WaitAsync(TimeSpan.FromMilliseconds(remaining), _time, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // Loop once more: the check above reports the timeout with the topic's name.
            }
        }
    }

    private static KafkaException TopicError(string topic, ErrorCode code) =>
        new(code, $"{ErrorCodes.Name(code)}: metadata for topic '{topic}' failed. {(code == ErrorCode.TopicAuthorizationFailed ? "Grant the producer Write/Describe on the topic." : "Use a valid topic name.")}");
}
