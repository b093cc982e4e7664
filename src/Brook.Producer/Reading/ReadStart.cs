namespace Brook.Producer.Reading;

/// <summary>Where a <see cref="TopicReader"/> starts in each partition (Kafka's auto.offset.reset without a group).</summary>
public enum ReadStart
{
    /// <summary>The log start offset (ListOffsets timestamp -2, "earliest").</summary>
    Beginning,

    /// <summary>The end of the log when reading starts (ListOffsets timestamp -1, "latest"): only new records are read.</summary>
    End,
}
