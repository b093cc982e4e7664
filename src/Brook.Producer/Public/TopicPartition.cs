namespace Brook.Producer;

/// <summary>A topic name with a partition number.</summary>
/// <param name="Topic">The topic name.</param>
/// <param name="Partition">The partition within the topic.</param>
public readonly record struct TopicPartition(string Topic, Partition Partition)
{
    /// <inheritdoc />
    public override string ToString() => $"{Topic} {Partition}";
}
