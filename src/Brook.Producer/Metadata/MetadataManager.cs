using System.Collections.Concurrent;
using Brook.Producer.Accumulator;
using Brook.Producer.Internals;
using Brook.Producer.Network;
using Brook.Producer.Partitioning;

namespace Brook.Producer.Metadata;

/// <summary>
/// The producer's one metadata cache (Java's ProducerMetadata + Metadata). It decides when to refresh (on demand via
/// <see cref="RequestUpdate"/>: unknown topics, NOT_LEADER_OR_FOLLOWER, disconnects; at least every metadata.max.age.ms;
/// never more often than retry.backoff.ms; exponential backoff after failures), builds the request (topics used within
/// metadata.max.idle.ms) and applies responses and KIP-951 leader hints. It sends nothing itself: the sender's loop
/// asks <see cref="TimeToNextUpdateMs"/>, sends <see cref="BuildRequest"/> and hands back the answer
/// (<see cref="HandleResponse"/> / <see cref="HandleFailure"/>), so the whole cycle runs on a fake clock;
/// <see cref="RefreshAsync"/> does one cycle over a <see cref="NetworkClient"/> for tools and tests.
/// The view is an immutable snapshot swapped atomically, so readers (<see cref="Current"/>, the
/// <see cref="IAccumulatorMetadata"/> members) never lock or allocate.
/// </summary>
internal sealed partial class MetadataManager : IAccumulatorMetadata
{
    private readonly ISenderTransport _transport;
    private readonly MetadataSettings _settings;
    private readonly TimeProvider _time;
    private readonly ExponentialBackoff _backoff;
    private readonly ConcurrentDictionary<string, TopicUsage> _topics = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private ClusterView _view = ClusterView.Empty;
    private TaskCompletionSource _updated = NewSignal();
    private bool _updateRequested = true;
    private bool _closed;
    private int _requestVersion;
    private int _requestVersionSent;
    private int _failures;
    private long _retryDelayTicks;
    private long _lastAttemptTimestamp = long.MinValue / 4;
    private long _lastSuccessTimestamp;

    /// <summary>Creates the manager over the sender's transport (node table updates go there).</summary>
    public MetadataManager(ISenderTransport transport, MetadataSettings settings, TimeProvider time, RandomSource random)
    {
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(random);
        _transport = transport;
        _settings = settings;
        _time = time;
        _backoff = new ExponentialBackoff(settings.RetryBackoffMs, settings.RetryBackoffMaxMs, random);
        _retryDelayTicks = MsToTicks(settings.RetryBackoffMs);
        _lastSuccessTimestamp = _time.GetTimestamp();
    }

    /// <summary>Creates the manager over a <see cref="NetworkClient"/> (its clock), for <see cref="RefreshAsync"/> users.</summary>
    public MetadataManager(NetworkClient client, MetadataSettings settings, RandomSource random)
        : this(client, settings, client?.Settings.TimeProvider ?? throw new ArgumentNullException(nameof(client)), random)
    {
    }

    /// <summary>Raised after each new view is published (refresh or leader hint).</summary>
    public event Action<ClusterView>? Updated;

    /// <summary>
    /// Raised when a refresh becomes wanted (the request flag goes from clear to set) so the sender loop wakes; not
    /// raised again while the flag stays set, so a pass that keeps asking cannot spin the loop.
    /// </summary>
    public event Action? UpdateWanted;

    /// <summary>The latest snapshot; lock-free.</summary>
    public ClusterView Current => Volatile.Read(ref _view);

    /// <summary>The error of the last failed refresh, cleared by a successful one.</summary>
    public Exception? LastError { get; private set; }

    /// <summary>True while a refresh is wanted and no response has satisfied it yet.</summary>
    public bool IsUpdateRequested
    {
        get
        {
            lock (_lock)
            {
                return _updateRequested;
            }
        }
    }

    /// <summary>How many times an update was requested (the request version); tests check callers ask once per cause.</summary>
    internal int UpdateRequestCount
    {
        get
        {
            lock (_lock)
            {
                return _requestVersion;
            }
        }
    }

    /// <summary>Asks for a refresh as soon as retry.backoff.ms allows (e.g. after NOT_LEADER_OR_FOLLOWER or a disconnect).</summary>
    public void RequestUpdate()
    {
        bool wasRequested;
        lock (_lock)
        {
            wasRequested = _updateRequested;
            _updateRequested = true;
            _requestVersion++;
        }

        if (!wasRequested)
        {
            UpdateWanted?.Invoke();
        }
    }

    /// <summary>Marks <paramref name="topic"/> as used now (adds it to the refresh list when new). Allocation-free for known topics.</summary>
    public void Touch(string topic)
    {
        var now = _time.GetTimestamp();
        if (_topics.TryGetValue(topic, out var usage))
        {
            usage.LastUsed = now;
            return;
        }

        // A new topic turns "nothing to fetch" into "fetch now": wake the sender even when an update was already flagged
        // (it is at construction), or the first send to a topic waits for the sender's next poll (forever on a fake clock).
        if (_topics.TryAdd(topic, new TopicUsage(now)))
        {
            UpdateWanted?.Invoke();
        }
    }

    /// <summary>Stops waiting: pending and later <see cref="WaitForTopicAsync"/> calls for unknown topics fail at once.</summary>
    public void Close()
    {
        TaskCompletionSource updated;
        lock (_lock)
        {
            _closed = true;
            updated = _updated;
            _updated = NewSignal();
        }

        updated.TrySetResult();
    }

    /// <inheritdoc />
    public PartitionAvailability GetAvailability(string topic) => Current.GetAvailability(topic);

    /// <inheritdoc />
    public bool TryGetLeader(TopicPartition topicPartition, out int nodeId, out int leaderEpoch) =>
        Current.TryGetLeader(topicPartition, out nodeId, out leaderEpoch);

    /// <inheritdoc />
    public IReadOnlyList<TopicPartition> PartitionsForNode(int nodeId) => Current.PartitionsForNode(nodeId);

    /// <summary>Partition indexes with a leader, ascending.</summary>
    internal static int[] Available(PartitionMetadata[] partitions)
    {
        var count = 0;
        foreach (var p in partitions)
        {
            count += p.HasLeader ? 1 : 0;
        }

        var result = new int[count];
        var i = 0;
        foreach (var p in partitions)
        {
            if (p.HasLeader)
            {
                result[i++] = p.Partition;
            }
        }

        return result;
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private long MsToTicks(long ms) => ms * _time.TimestampFrequency / 1000;

    private void Publish(ClusterView view)
    {
        TaskCompletionSource updated;
        lock (_lock)
        {
            Volatile.Write(ref _view, view);
            updated = _updated;
            _updated = NewSignal();
        }

        updated.TrySetResult();
        Updated?.Invoke(view);
    }
}
