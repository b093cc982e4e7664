using System.Diagnostics.CodeAnalysis;

namespace Brook.Producer.Partitioning;

/// <summary>The per-record partition decision order of producer-algorithms.md §1.</summary>
internal static class PartitionChooser
{
    /// <summary>"No partition chosen yet": the accumulator picks one with the sticky partitioner.</summary>
    public const int Unknown = -1;

    /// <summary>
    /// Chooses the partition: an explicit partition wins; then a custom partitioner; then murmur2 for any non-null key
    /// (zero-length included) unless keys are ignored; otherwise <see cref="Unknown"/>.
    /// </summary>
    public static int Choose(
        string topic,
        Partition explicitPartition,
        IPartitioner? custom,
        ReadOnlySpan<byte> key,
        bool keyIsNull,
        bool ignoreKeys,
        int partitionCount)
    {
        if (!explicitPartition.IsSpecial)
        {
            return explicitPartition.Value;
        }

        if (custom is not null)
        {
            var chosen = custom.Partition(topic, partitionCount, key, keyIsNull);
            if ((uint)chosen >= (uint)partitionCount)
            {
                ThrowBadCustomPartition(topic, chosen, partitionCount, custom);
            }

            return chosen;
        }

        if (!keyIsNull && !ignoreKeys)
        {
            return Murmur2.Partition(key, partitionCount);
        }

        return Unknown;
    }

    [DoesNotReturn]
    private static void ThrowBadCustomPartition(string topic, int chosen, int partitionCount, IPartitioner custom) =>
        throw new ArgumentException(
            $"The partitioner {custom.GetType().Name} returned partition {chosen} for topic '{topic}', which has {partitionCount} partitions; it must return a value in [0, {partitionCount}).");
}
