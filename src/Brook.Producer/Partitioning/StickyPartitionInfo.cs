namespace Brook.Producer.Partitioning;

/// <summary>The current sticky choice for one topic and the bytes produced to it since it was chosen (KIP-480).</summary>
internal sealed class StickyPartitionInfo(int partition)
{
    private int _producedBytes;

    /// <summary>The partition records without a key go to while this choice lasts.</summary>
    public int Partition { get; } = partition;

    /// <summary>Bytes appended since the choice was made.</summary>
    public int ProducedBytes => Volatile.Read(ref _producedBytes);

    /// <summary>Adds appended bytes and returns the new total.</summary>
    public int AddProducedBytes(int bytes) => Interlocked.Add(ref _producedBytes, bytes);
}
