namespace Brook.Producer;

/// <summary>
/// A custom partitioner (Java <c>partitioner.class</c>). It runs on the caller's thread for every record without an
/// explicit partition, so it must be fast, thread-safe and allocation-free.
/// </summary>
public interface IPartitioner
{
    /// <summary>Chooses the partition for a record.</summary>
    /// <param name="topic">The topic.</param>
    /// <param name="partitionCount">All partitions of the topic, including leaderless ones.</param>
    /// <param name="keyData">The serialized key (empty for a null or zero-length key).</param>
    /// <param name="keyIsNull">True when the key is a Kafka null (distinct from zero-length).</param>
    /// <returns>A partition in [0, <paramref name="partitionCount"/>); anything else fails the send with an argument error.</returns>
    int Partition(string topic, int partitionCount, ReadOnlySpan<byte> keyData, bool keyIsNull);
}
