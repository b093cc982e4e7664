namespace Brook.Producer.Metrics;

/// <summary>What the metrics read from the buffer pool for the buffer gauges.</summary>
internal interface IBufferPoolStats
{
    /// <summary>buffer.memory.</summary>
    long TotalMemory { get; }

    /// <summary>Free bytes: non-pooled memory plus free pooled buffers.</summary>
    long AvailableMemory { get; }

    /// <summary>Callers waiting for memory.</summary>
    int QueuedCount { get; }
}
