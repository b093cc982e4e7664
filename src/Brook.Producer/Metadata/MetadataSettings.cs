namespace Brook.Producer.Metadata;

/// <summary>The metadata keys <see cref="MetadataManager"/> reads, copied once from validated <see cref="ProducerOptions"/>.</summary>
internal sealed record MetadataSettings
{
    /// <summary>metadata.max.age.ms: refresh at least this often even without a reason.</summary>
    public long MetadataMaxAgeMs { get; init; } = 300000;

    /// <summary>metadata.max.idle.ms: topics not used for this long leave the refresh list.</summary>
    public long MetadataMaxIdleMs { get; init; } = 300000;

    /// <summary>retry.backoff.ms: the least time between two metadata requests.</summary>
    public long RetryBackoffMs { get; init; } = 100;

    /// <summary>retry.backoff.max.ms: the backoff cap after repeated failed refreshes.</summary>
    public long RetryBackoffMaxMs { get; init; } = 1000;

    /// <summary>metadata.recovery.strategy.</summary>
    public MetadataRecoveryStrategy RecoveryStrategy { get; init; } = MetadataRecoveryStrategy.Rebootstrap;

    /// <summary>metadata.recovery.rebootstrap.trigger.ms: how long without any reachable broker before rebootstrapping.</summary>
    public long RebootstrapTriggerMs { get; init; } = 300000;

    /// <summary>
    /// Metadata v4+ AllowAutoTopicCreation. The Java producer always sends true (allow.auto.create.topics is a consumer
    /// key); the broker's auto.create.topics.enable decides.
    /// </summary>
    public bool AllowAutoTopicCreation { get; init; } = true;

    /// <summary>Where failed refreshes are logged (<see cref="Diagnostics.MetadataLog"/>).</summary>
    public Microsoft.Extensions.Logging.ILogger Logger { get; init; } = Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

    /// <summary>Copies the metadata keys out of validated producer options.</summary>
    public static MetadataSettings From(ProducerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new MetadataSettings
        {
            MetadataMaxAgeMs = options.MetadataMaxAgeMs,
            MetadataMaxIdleMs = options.MetadataMaxIdleMs,
            RetryBackoffMs = options.RetryBackoffMs,
            RetryBackoffMaxMs = options.RetryBackoffMaxMs,
            RecoveryStrategy = options.MetadataRecoveryStrategy,
            RebootstrapTriggerMs = options.MetadataRecoveryRebootstrapTriggerMs,
            Logger = options.LoggerFactory.CreateLogger(Diagnostics.LogCategories.Metadata),
        };
    }
}
