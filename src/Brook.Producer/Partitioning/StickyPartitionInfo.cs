namespace Brook.Producer.Partitioning;

/// <summary>
/// One sticky choice of a topic's partitioner (KIP-480): the partition records without a key go to, and the choice's
/// epoch, which the partitioner bumps at every switch. A value, not an object: a switch per batch allocates nothing,
/// and "has the choice changed since I read it" is an epoch compare instead of Java's object identity.
/// </summary>
/// <param name="Epoch">The choice's number (1 for the first; each switch adds one).</param>
/// <param name="Partition">The partition records without a key go to while this choice lasts.</param>
internal readonly record struct StickyPartitionInfo(int Epoch, int Partition)
{
    /// <summary>Epoch and partition in one word, as the partitioner publishes them.</summary>
    internal long Packed => ((long)Epoch << 32) | (uint)Partition;

    /// <summary>Unpacks a published choice.</summary>
    internal static StickyPartitionInfo Unpack(long packed) => new((int)(packed >> 32), (int)packed);
}
