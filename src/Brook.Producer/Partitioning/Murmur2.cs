namespace Brook.Producer.Partitioning;

/// <summary>
/// Kafka's murmur2 key hash, bit-compatible with the Java client's default partitioner
/// (producer-algorithms.md §1): unsigned 32-bit arithmetic, little-endian 4-byte groups, seed 0x9747B28C.
/// </summary>
public static class Murmur2
{
    private const uint Seed = 0x9747B28C;
    private const uint M = 0x5BD1E995;
    private const int R = 24;

    /// <summary>The murmur2 hash of <paramref name="data"/>, reinterpreted as a signed int as Java returns it.</summary>
    public static int Hash(ReadOnlySpan<byte> data)
    {
        unchecked
        {
            var length = data.Length;
            var h = Seed ^ (uint)length;
            var groups = length & ~3;
            for (var i = 0; i < groups; i += 4)
            {
                var k = (uint)(data[i] | (data[i + 1] << 8) | (data[i + 2] << 16) | (data[i + 3] << 24));
                k *= M;
                k ^= k >> R;
                k *= M;
                h *= M;
                h ^= k;
            }

            switch (length & 3)
            {
                case 3:
                    h ^= (uint)data[groups + 2] << 16;
                    h ^= (uint)data[groups + 1] << 8;
                    h ^= data[groups];
                    h *= M;
                    break;
                case 2:
                    h ^= (uint)data[groups + 1] << 8;
                    h ^= data[groups];
                    h *= M;
                    break;
                case 1:
                    h ^= data[groups];
                    h *= M;
                    break;
            }

            h ^= h >> 13;
            h *= M;
            h ^= h >> 15;
            return (int)h;
        }
    }

    /// <summary>Java's <c>Utils.toPositive</c>: clears the sign bit (a mask, not an absolute value).</summary>
    public static int ToPositive(int value) => value & 0x7FFFFFFF;

    /// <summary>
    /// The partition Java's producer picks for a non-null key: <c>toPositive(murmur2(key)) % partitionCount</c>.
    /// A zero-length key is hashed like any other key.
    /// </summary>
    /// <param name="key">The serialized key bytes.</param>
    /// <param name="partitionCount">All partitions of the topic, including leaderless ones.</param>
    public static int Partition(ReadOnlySpan<byte> key, int partitionCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(partitionCount);
        return ToPositive(Hash(key)) % partitionCount;
    }
}
