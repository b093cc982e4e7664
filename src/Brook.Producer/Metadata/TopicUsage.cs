namespace Brook.Producer.Metadata;

/// <summary>When a topic was last used, updated in place so touching a known topic allocates nothing.</summary>
internal sealed class TopicUsage(long timestamp)
{
    private long _lastUsed = timestamp;

    /// <summary>TimeProvider timestamp of the last use.</summary>
    public long LastUsed
    {
        get => Volatile.Read(ref _lastUsed);
        set => Volatile.Write(ref _lastUsed, value);
    }
}
