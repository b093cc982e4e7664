namespace Brook.Producer.Accumulator;

/// <summary>One partition's queue of batches and the lock that guards it (appends, drain, expiry, re-enqueue).</summary>
internal sealed class PartitionDeque(TopicPartition topicPartition)
{
    /// <summary>Guards <see cref="Batches"/> and the batches' append state.</summary>
    public Lock Lock { get; } = new();

    /// <summary>The partition.</summary>
    public TopicPartition TopicPartition { get; } = topicPartition;

    /// <summary>Oldest first.</summary>
    public LinkedList<ProducerBatch> Batches { get; } = new();
}
