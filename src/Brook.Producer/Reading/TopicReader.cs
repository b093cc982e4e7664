using System.Runtime.CompilerServices;
using Brook.Producer.Internals;
using Brook.Producer.Metadata;
using Brook.Producer.Network;

namespace Brook.Producer.Reading;

/// <summary>
/// A small fetch-based reader. Without a group it assigns every partition of one topic; with
/// <see cref="TopicReaderOptions.GroupId"/> it joins that classic consumer group (range assignment), starts each
/// assigned partition at its committed offset, heartbeats, commits what it handed out every
/// <see cref="TopicReaderOptions.AutoCommitIntervalMs"/> and when reading ends, then leaves the group. Partitions
/// without a committed offset start at the log start or end (ListOffsets). It fetches from each partition's leader at the negotiated Fetch version - one request per
/// leader per round - and yields the records in offset order per partition. Control batches are skipped; under
/// read_committed, records of aborted transactions are dropped using the Fetch response's AbortedTransactions, as
/// Kafka's consumers do. Leader changes (NOT_LEADER_OR_FOLLOWER, FENCED_LEADER_EPOCH, ...) refresh metadata and
/// continue. Reading stops at <see cref="TopicReaderOptions.MaxMessages"/>, at the end offsets captured at start
/// (<see cref="TopicReaderOptions.StopAtEnd"/>), after <see cref="TopicReaderOptions.IdleTimeoutMs"/> without a record,
/// or on cancellation. Not thread-safe: one <see cref="ReadAsync"/> at a time.
/// </summary>
public sealed partial class TopicReader : IAsyncDisposable
{
    private readonly TopicReaderOptions _options;
    private readonly TimeProvider _time;
    private readonly NetworkClient _client;
    private readonly MetadataManager _metadata;
    private readonly GroupMembership? _group;
    private PartitionCursor[] _partitions = [];
    private int _disposed;

    /// <summary>Creates the reader; no connection opens until <see cref="ReadAsync"/> runs.</summary>
    /// <exception cref="ArgumentException">An option is invalid (the message names it and the fix).</exception>
    public TopicReader(TopicReaderOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _time = options.TimeProvider;
        var settings = new NetworkSettings
        {
            ClientId = options.ClientId,
            RequestTimeoutMs = options.RequestTimeoutMs,
            MaxInFlightRequestsPerConnection = 1,
            TimeProvider = options.TimeProvider,
            SoftwareName = "brook-reader",
        };
        var random = new RandomSource(null);
        _client = new NetworkClient(settings, BrokerNode.ParseBootstrap(options.BootstrapServers), random);
        _metadata = new MetadataManager(_client, new MetadataSettings { AllowAutoTopicCreation = false }, random);
        _group = options.GroupId is null ? null : new GroupMembership(_client, options);
    }

    /// <summary>The options in use.</summary>
    public TopicReaderOptions Options => _options;

    /// <summary>
    /// Reads the topic until a limit of the options stops it or <paramref name="cancellationToken"/> is cancelled.
    /// Throws <see cref="KafkaException"/> with the Kafka error name when the topic is unknown or the cluster cannot be
    /// reached within <see cref="TopicReaderOptions.SetupTimeoutMs"/>.
    /// </summary>
    public async IAsyncEnumerable<ReadRecord> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        try
        {
            await StartAsync(cancellationToken).ConfigureAwait(false);
            var read = 0L;
            var lastRecord = _time.GetTimestamp();
            var batch = new List<ReadRecord>();
            while (!cancellationToken.IsCancellationRequested)
            {
                if (_options.StopAtEnd && AllReachedEnd())
                {
                    yield break;
                }

                if (_group is not null)
                {
                    await MaintainGroupAsync(cancellationToken).ConfigureAwait(false);
                }

                batch.Clear();
                await FetchRoundAsync(batch, cancellationToken).ConfigureAwait(false);
                foreach (var record in batch)
                {
                    MarkConsumed(record);
                    yield return record;
                    read++;
                    if (read >= _options.MaxMessages)
                    {
                        yield break;
                    }
                }

                if (batch.Count > 0)
                {
                    lastRecord = _time.GetTimestamp();
                }
                else if (_options.IdleTimeoutMs is { } idle && _time.GetElapsedTime(lastRecord).TotalMilliseconds >= idle)
                {
                    yield break;
                }
            }
        }
        finally
        {
            if (_group is not null)
            {
                await CloseGroupAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>Closes every connection.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            await _client.DisposeAsync().ConfigureAwait(false);
        }
    }

    private bool AllReachedEnd()
    {
        foreach (var cursor in _partitions)
        {
            if (cursor.Assigned && !cursor.ReachedEnd)
            {
                return false;
            }
        }

        return true;
    }

    private Task BackoffAsync(CancellationToken cancellationToken) =>
        _options.RetryBackoffMs == 0
            ? Task.CompletedTask
            : Task.Delay(TimeSpan.FromMilliseconds(_options.RetryBackoffMs), _time, cancellationToken);
}
