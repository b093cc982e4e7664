namespace Brook.Producer.Reading;

/// <summary>
/// How a <see cref="TopicReader"/> reads one topic. Immutable; checked once by <see cref="Validate"/> when the reader is
/// created. Each property names the Kafka consumer key it mirrors.
/// </summary>
public sealed record TopicReaderOptions
{
    /// <summary>bootstrap.servers: <c>host:port[,host:port...]</c>. Required.</summary>
    public required string BootstrapServers { get; init; }

    /// <summary>The topic; every partition of it is assigned. Required.</summary>
    public required string Topic { get; init; }

    /// <summary>auto.offset.reset equivalent: start at the log start or at the end. Default <see cref="ReadStart.Beginning"/>.</summary>
    public ReadStart Start { get; init; } = ReadStart.Beginning;

    /// <summary>isolation.level=read_committed: read up to the last stable offset and drop aborted transactions. Default false.</summary>
    public bool ReadCommitted { get; init; }

    /// <summary>Stop after this many records; null (default) for no limit.</summary>
    public long? MaxMessages { get; init; }

    /// <summary>
    /// Stop once every partition reached the end offset it had when reading started (the high watermark, or the last
    /// stable offset under read_committed): "read everything there is". Default false (keep tailing).
    /// </summary>
    public bool StopAtEnd { get; init; }

    /// <summary>Stop after this many milliseconds without a new record; null (default) waits forever.</summary>
    public int? IdleTimeoutMs { get; init; }

    /// <summary>
    /// group.id: read as a member of this classic consumer group (range assignment, committed offsets, LeaveGroup at the
    /// end). Partitions with a committed offset start there; the others at <see cref="Start"/> (auto.offset.reset).
    /// Null (default) reads every partition without a group and commits nothing.
    /// </summary>
    public string? GroupId { get; init; }

    /// <summary>session.timeout.ms of the group member. Default 45000.</summary>
    public int SessionTimeoutMs { get; init; } = 45000;

    /// <summary>
    /// How long the coordinator waits for members to rejoin during a rebalance, ms (Java's max.poll.interval.ms).
    /// Default 25000, below <see cref="RequestTimeoutMs"/> so a JoinGroup the coordinator holds is answered in time.
    /// </summary>
    public int RebalanceTimeoutMs { get; init; } = 25000;

    /// <summary>heartbeat.interval.ms. Default 3000.</summary>
    public int HeartbeatIntervalMs { get; init; } = 3000;

    /// <summary>auto.commit.interval.ms: consumed offsets are committed this often and when reading ends. Default 5000.</summary>
    public int AutoCommitIntervalMs { get; init; } = 5000;

    /// <summary>fetch.max.wait.ms. Default 500.</summary>
    public int FetchMaxWaitMs { get; init; } = 500;

    /// <summary>fetch.min.bytes. Default 1.</summary>
    public int FetchMinBytes { get; init; } = 1;

    /// <summary>fetch.max.bytes. Default 52428800.</summary>
    public int FetchMaxBytes { get; init; } = 52428800;

    /// <summary>max.partition.fetch.bytes. Default 1048576.</summary>
    public int MaxPartitionFetchBytes { get; init; } = 1048576;

    /// <summary>request.timeout.ms. Default 30000.</summary>
    public int RequestTimeoutMs { get; init; } = 30000;

    /// <summary>How long the start (metadata, leaders, start offsets) may keep retrying, in ms. Default 30000.</summary>
    public int SetupTimeoutMs { get; init; } = 30000;

    /// <summary>retry.backoff.ms between metadata refreshes after a retriable error. Default 100.</summary>
    public int RetryBackoffMs { get; init; } = 100;

    /// <summary>client.id. Default "brook-reader".</summary>
    public string ClientId { get; init; } = "brook-reader";

    /// <summary>The clock for timeouts and backoff. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first bad setting and how to fix it.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(BootstrapServers))
        {
            throw new ArgumentException("BootstrapServers is empty; set it to host:port, e.g. 'localhost:9092'.", nameof(BootstrapServers));
        }

        if (string.IsNullOrWhiteSpace(Topic))
        {
            throw new ArgumentException("Topic is empty; name the topic to read.", nameof(Topic));
        }

        Positive(MaxMessages ?? 1, nameof(MaxMessages));
        Positive(IdleTimeoutMs ?? 1, nameof(IdleTimeoutMs));
        Positive(FetchMinBytes, nameof(FetchMinBytes));
        Positive(FetchMaxBytes, nameof(FetchMaxBytes));
        Positive(MaxPartitionFetchBytes, nameof(MaxPartitionFetchBytes));
        Positive(RequestTimeoutMs, nameof(RequestTimeoutMs));
        Positive(SetupTimeoutMs, nameof(SetupTimeoutMs));
        if (FetchMaxWaitMs < 0 || FetchMaxWaitMs >= RequestTimeoutMs)
        {
            throw new ArgumentException(
                $"FetchMaxWaitMs is {FetchMaxWaitMs}; it must be 0 or more and below RequestTimeoutMs ({RequestTimeoutMs}).",
                nameof(FetchMaxWaitMs));
        }

        if (RetryBackoffMs < 0)
        {
            throw new ArgumentException($"RetryBackoffMs is {RetryBackoffMs}; use 0 or more.", nameof(RetryBackoffMs));
        }

        if (GroupId is not null)
        {
            if (string.IsNullOrWhiteSpace(GroupId))
            {
                throw new ArgumentException("GroupId is blank; name the consumer group, or leave it null to read without one.", nameof(GroupId));
            }

            Positive(SessionTimeoutMs, nameof(SessionTimeoutMs));
            Positive(RebalanceTimeoutMs, nameof(RebalanceTimeoutMs));
            Positive(AutoCommitIntervalMs, nameof(AutoCommitIntervalMs));
            if (HeartbeatIntervalMs <= 0 || HeartbeatIntervalMs >= SessionTimeoutMs)
            {
                throw new ArgumentException(
                    $"HeartbeatIntervalMs is {HeartbeatIntervalMs}; it must be at least 1 and below SessionTimeoutMs ({SessionTimeoutMs}), typically a third of it.",
                    nameof(HeartbeatIntervalMs));
            }
        }

        ArgumentNullException.ThrowIfNull(TimeProvider);
    }

    private static void Positive(long value, string name)
    {
        if (value <= 0)
        {
            throw new ArgumentException($"{name} is {value}; it must be at least 1.", name);
        }
    }
}
