namespace Brook.Producer.Reading;

/// <summary>A <see cref="TopicReader"/>'s position in one partition.</summary>
internal sealed class PartitionCursor(int partition)
{
    /// <summary>Partition index.</summary>
    public int Partition { get; } = partition;

    /// <summary>Current leader's node id (-1 when unknown).</summary>
    public int Leader { get; set; } = -1;

    /// <summary>Leader epoch from metadata (-1 when unknown).</summary>
    public int LeaderEpoch { get; set; } = -1;

    /// <summary>False when a consumer group gave this partition to another member: it is neither fetched nor waited for.</summary>
    public bool Assigned { get; set; } = true;

    /// <summary>Next offset to fetch; -1 until the start offset is known.</summary>
    public long Position { get; set; } = -1;

    /// <summary>End offset captured when reading started (for stop-at-end), -1 when not captured.</summary>
    public long EndOffset { get; set; } = -1;

    /// <summary>True once <see cref="Position"/> reached <see cref="EndOffset"/>.</summary>
    public bool ReachedEnd => EndOffset >= 0 && Position >= EndOffset;
}
