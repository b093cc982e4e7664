namespace Brook.Producer;

/// <summary>A topic, partition and offset: where a record was written.</summary>
/// <param name="Topic">The topic name.</param>
/// <param name="Partition">The partition within the topic.</param>
/// <param name="Offset">The offset within the partition.</param>
public readonly record struct TopicPartitionOffset(string Topic, Partition Partition, Offset Offset)
{
    /// <summary>Creates the value from a <see cref="Producer.TopicPartition"/> and an offset.</summary>
    public TopicPartitionOffset(TopicPartition topicPartition, Offset offset)
        : this(topicPartition.Topic, topicPartition.Partition, offset)
    {
    }

    /// <summary>The topic and partition without the offset.</summary>
    public TopicPartition TopicPartition => new(Topic, Partition);

    /// <inheritdoc />
    public override string ToString() => $"{Topic} {Partition} @{Offset}";
}
