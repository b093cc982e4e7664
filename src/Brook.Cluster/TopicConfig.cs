namespace Brook.Cluster;

/// <summary>Per-topic settings, named after their Kafka topic config keys. Defaults match Kafka's.</summary>
public sealed record TopicConfig
{
    /// <summary>Kafka's default <c>max.message.bytes</c>: the largest batch a topic accepts.</summary>
    public const int DefaultMaxMessageBytes = 1_048_588;

    /// <summary>
    /// <c>min.insync.replicas</c>: acks=all needs this many in-sync replicas (capped at the replication factor) and
    /// the high watermark does not advance below it. Default 1.
    /// </summary>
    public int MinInsyncReplicas { get; init; } = 1;

    /// <summary>
    /// <c>retention.bytes</c>: once the log holds more than this, the oldest batches below the high watermark are
    /// dropped and the log start offset advances. -1 (default) keeps everything.
    /// </summary>
    public long RetentionBytes { get; init; } = -1;

    /// <summary><c>max.message.bytes</c>: a larger batch gets MESSAGE_TOO_LARGE. Default 1048588.</summary>
    public int MaxMessageBytes { get; init; } = DefaultMaxMessageBytes;

    /// <summary><c>message.timestamp.type</c>. Default <see cref="MessageTimestampType.CreateTime"/>.</summary>
    public MessageTimestampType TimestampType { get; init; } = MessageTimestampType.CreateTime;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting and how to fix it.</summary>
    public void Validate()
    {
        if (MinInsyncReplicas < 1)
        {
            throw new ArgumentException($"MinInsyncReplicas (min.insync.replicas) must be at least 1, was {MinInsyncReplicas}.", nameof(MinInsyncReplicas));
        }

        if (RetentionBytes is 0 or < -1)
        {
            throw new ArgumentException($"RetentionBytes (retention.bytes) must be -1 (unlimited) or positive, was {RetentionBytes}.", nameof(RetentionBytes));
        }

        if (MaxMessageBytes < 61)
        {
            throw new ArgumentException($"MaxMessageBytes (max.message.bytes) must hold at least a 61-byte batch header, was {MaxMessageBytes}.", nameof(MaxMessageBytes));
        }

        if (!Enum.IsDefined(TimestampType))
        {
            throw new ArgumentException($"TimestampType (message.timestamp.type) must be CreateTime or LogAppendTime, was {TimestampType}.", nameof(TimestampType));
        }
    }
}
