using System.Collections.Concurrent;
using Brook.Producer.Internals;
using Brook.Producer.Network;

namespace Brook.Producer.Metadata;

/// <summary>
/// Keeps the producer's <see cref="ClusterView"/> fresh (Java's ProducerMetadata + Metadata): one background loop
/// refreshes on demand (<see cref="RequestUpdate"/>, unknown topics, NOT_LEADER_OR_FOLLOWER), at least every
/// metadata.max.age.ms, never more often than retry.backoff.ms, backing off exponentially on failures; topics unused for
/// metadata.max.idle.ms are dropped; KIP-951 leader hints patch the view between refreshes. The view is an immutable
/// snapshot swapped atomically, so readers (<see cref="Current"/>) never lock.
/// </summary>
internal sealed partial class MetadataManager : IAsyncDisposable
{
    private readonly NetworkClient _client;
    private readonly MetadataSettings _settings;
    private readonly TimeProvider _time;
    private readonly ExponentialBackoff _backoff;
    private readonly ConcurrentDictionary<string, TopicUsage> _topics = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _lock = new();
    private ClusterView _view = ClusterView.Empty;
    private TaskCompletionSource _updated = NewSignal();
    private TaskCompletionSource _wake = NewSignal();
    private bool _updateRequested = true;
    private int _failures;
    private long _lastAttemptTimestamp;
    private long _lastSuccessTimestamp;
    private Task _loop = Task.CompletedTask;

    /// <summary>Creates the manager; call <see cref="Start"/> to run the refresh loop.</summary>
    public MetadataManager(NetworkClient client, MetadataSettings settings, RandomSource random)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(random);
        _client = client;
        _settings = settings;
        _time = client.Settings.TimeProvider;
        _backoff = new ExponentialBackoff(settings.RetryBackoffMs, settings.RetryBackoffMaxMs, random);
        _lastSuccessTimestamp = _time.GetTimestamp();
    }

    /// <summary>Raised after each new view is published (refresh or leader hint).</summary>
    public event Action<ClusterView>? Updated;

    /// <summary>The latest snapshot; lock-free.</summary>
    public ClusterView Current => Volatile.Read(ref _view);

    /// <summary>The error of the last failed refresh, cleared by a successful one.</summary>
    public Exception? LastError { get; private set; }

    /// <summary>Starts the background refresh loop (idempotent).</summary>
    public void Start()
    {
        lock (_lock)
        {
            if (_loop.IsCompleted)
            {
                _loop = Task.Run(RunAsync);
            }
        }
    }

    /// <summary>Asks for a refresh as soon as retry.backoff.ms allows (e.g. after NOT_LEADER_OR_FOLLOWER or a disconnect).</summary>
    public void RequestUpdate()
    {
        TaskCompletionSource wake;
        lock (_lock)
        {
            _updateRequested = true;
            wake = _wake;
        }

        wake.TrySetResult();
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

        _topics.TryAdd(topic, new TopicUsage(now));
    }

    /// <summary>Stops the loop; waiters fail with <see cref="ObjectDisposedException"/> on their next check.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        RequestUpdate();
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The loop ends by cancellation.
        }

        _stop.Dispose();
    }

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
