namespace Brook.Producer.Diagnostics;

/// <summary>
/// Every log event id the producer writes, in one place (style.md §9). Ids are stable: never renumber or reuse one;
/// a retired id stays here as a comment. Thousands group the area; the logger category is in <see cref="LogCategories"/>.
/// docs/design/producer.md ("Diagnostics and resilience") lists them with their levels.
/// </summary>
internal static class LogEvents
{
    // Network (category Brook.Producer.Network)

    /// <summary>A connection to a broker finished its ApiVersions handshake.</summary>
    public const int Connected = 1001;

    /// <summary>The versions chosen for the main APIs on a new connection.</summary>
    public const int ApiVersionsNegotiated = 1002;

    /// <summary>Connecting to a broker failed; the next attempt waits for the reconnect backoff.</summary>
    public const int ConnectFailed = 1003;

    /// <summary>An established connection closed; the next attempt waits for the reconnect backoff.</summary>
    public const int Disconnected = 1004;

    // Metadata (category Brook.Producer.Metadata)

    /// <summary>A metadata response was applied.</summary>
    public const int MetadataRefreshed = 2001;

    /// <summary>A partition's leader (or leader epoch) changed, from a refresh or a KIP-951 hint.</summary>
    public const int LeaderChanged = 2002;

    /// <summary>A metadata request failed; the refresh is retried after backoff.</summary>
    public const int MetadataRefreshFailed = 2003;

    // Sender (category Brook.Producer.Sender)

    /// <summary>A batch got a retriable error and is queued again after its backoff.</summary>
    public const int BatchRetrying = 3001;

    /// <summary>A batch reached delivery.timeout.ms (queued or in flight) and failed.</summary>
    public const int BatchExpired = 3002;

    /// <summary>A batch failed for good (rejected, retries exhausted, producer closed).</summary>
    public const int BatchFailed = 3003;

    /// <summary>A sender pass threw; the loop goes on.</summary>
    public const int SenderPassFailed = 3004;

    /// <summary>A batch was split after MESSAGE_TOO_LARGE.</summary>
    public const int BatchSplit = 3005;

    // Idempotence (category Brook.Producer.Idempotence)

    /// <summary>A producer id and epoch were obtained (InitProducerId or the coordinator's bump).</summary>
    public const int ProducerIdObtained = 4001;

    /// <summary>The producer epoch was bumped (KIP-360).</summary>
    public const int EpochBumped = 4002;

    /// <summary>The producer hit a fatal error: it fails every queued batch and retries nothing.</summary>
    public const int ProducerFatal = 4003;

    // Transactions (category Brook.Producer.Transactions)

    /// <summary>The transaction state machine moved.</summary>
    public const int TransactionStateChanged = 5001;

    // Producer (category Brook.Producer)

    /// <summary>buffer.memory stayed exhausted for max.block.ms.</summary>
    public const int BufferExhausted = 6001;

    /// <summary>Dispose started: flushing up to delivery.timeout.ms.</summary>
    public const int Closing = 6002;

    /// <summary>Dispose finished: connections closed.</summary>
    public const int Closed = 6003;

    /// <summary>A producer was built.</summary>
    public const int Created = 6004;

    // Resilience (category Brook.Producer.Resilience)

    /// <summary>The circuit breaker opened: sends fail fast.</summary>
    public const int CircuitOpened = 7001;

    /// <summary>The circuit breaker lets a probe through.</summary>
    public const int CircuitHalfOpened = 7002;

    /// <summary>The circuit breaker closed again.</summary>
    public const int CircuitClosed = 7003;

    /// <summary>A record whose delivery failed was written to the dead-letter topic.</summary>
    public const int DeadLettered = 7004;

    /// <summary>Writing a record to the dead-letter topic failed too.</summary>
    public const int DeadLetterFailed = 7005;
}
