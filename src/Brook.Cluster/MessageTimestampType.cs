namespace Brook.Cluster;

/// <summary>The topic config <c>message.timestamp.type</c>: whose clock stamps stored batches.</summary>
public enum MessageTimestampType
{
    /// <summary>Keep the producer's record timestamps (Kafka's default).</summary>
    CreateTime = 0,

    /// <summary>The broker stamps each batch with its append time (attribute bit 3, maxTimestamp rewritten).</summary>
    LogAppendTime = 1,
}
