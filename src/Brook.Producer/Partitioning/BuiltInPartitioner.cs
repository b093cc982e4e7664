using Brook.Producer.Internals;

namespace Brook.Producer.Partitioning;

/// <summary>
/// The sticky, load-aware partitioner for records without a key, one per topic (KIP-480 sticky, KIP-794 uniform and
/// adaptive; producer-algorithms.md §2). Records stick to one partition until about <c>batch.size</c> bytes went to
/// it; the next partition is drawn uniformly among available partitions, or weighted towards shorter queues when
/// the accumulator has published load statistics.
/// </summary>
internal sealed class BuiltInPartitioner
{
    private readonly RandomSource _random;
    private readonly int _stickyBatchSize;
    private long _choice; // the current StickyPartitionInfo packed (epoch << 32 | partition); 0 until the first choice
    private long _produced; // epoch << 32 | bytes appended under that epoch's choice
    private PartitionLoadStats? _loadStats;
    private PartitionLoadStats? _statsTable;

    /// <summary>Creates the partitioner for one topic.</summary>
    /// <param name="topic">The topic (for error messages).</param>
    /// <param name="stickyBatchSize">batch.size: bytes after which the sticky partition may switch.</param>
    /// <param name="random">The seedable random source.</param>
    public BuiltInPartitioner(string topic, int stickyBatchSize, RandomSource random)
    {
        Topic = topic;
        _stickyBatchSize = Math.Max(1, stickyBatchSize);
        _random = random;
    }

    /// <summary>The topic this partitioner serves.</summary>
    public string Topic { get; }

    /// <summary>The current load statistics, or null when partitions are drawn uniformly.</summary>
    internal PartitionLoadStats? LoadStats => Volatile.Read(ref _loadStats);

    /// <summary>Bytes appended under the current choice (0 before the first); for tests.</summary>
    internal int ProducedBytes
    {
        get
        {
            var produced = Volatile.Read(ref _produced);
            return (int)(produced >> 32) == (int)(Volatile.Read(ref _choice) >> 32) ? (int)produced : 0;
        }
    }

    /// <summary>The current sticky choice, made on first use (atomic create-if-absent).</summary>
    public StickyPartitionInfo PeekCurrentPartitionInfo(PartitionAvailability availability)
    {
        var current = Volatile.Read(ref _choice);
        if (current != 0)
        {
            return StickyPartitionInfo.Unpack(current);
        }

        var first = new StickyPartitionInfo(1, NextPartition(availability));
        current = Interlocked.CompareExchange(ref _choice, first.Packed, 0);
        return current == 0 ? first : StickyPartitionInfo.Unpack(current);
    }

    /// <summary>True when another thread switched away from <paramref name="info"/> since it was read.</summary>
    public bool IsPartitionChanged(StickyPartitionInfo? info) => info is { } read && Volatile.Read(ref _choice) != read.Packed;

    /// <summary>
    /// Counts <paramref name="appendedBytes"/> against the sticky choice and switches to a new partition when
    /// batch.size bytes were produced and a switch is allowed (the partition's last batch is full or absent), or
    /// unconditionally at twice batch.size (KAFKA-14156).
    /// </summary>
    public void UpdatePartitionInfo(StickyPartitionInfo? info, int appendedBytes, PartitionAvailability availability, bool enableSwitch)
    {
        if (info is not { } read || !TryAddProducedBytes(read.Epoch, appendedBytes, out var produced))
        {
            return;
        }

        if ((produced >= _stickyBatchSize && enableSwitch) || produced >= 2L * _stickyBatchSize)
        {
            var next = new StickyPartitionInfo(read.Epoch + 1, NextPartition(availability));
            if (Interlocked.CompareExchange(ref _choice, next.Packed, read.Packed) == read.Packed)
            {
                // Until this write, adds for the new epoch see the old one and are dropped (a few bytes of one batch);
                // nobody can switch again before it, since a switch needs bytes counted under the new epoch.
                Volatile.Write(ref _produced, (long)next.Epoch << 32);
            }
        }
    }

    // Adds to the counter of the epoch the appender read; bytes for a choice already replaced count for nothing (Java adds
    // them to the replaced info object, which nobody reads again).
    private bool TryAddProducedBytes(int epoch, int bytes, out long total)
    {
        var seen = Volatile.Read(ref _produced);
        while (true)
        {
            if ((int)(seen >> 32) != epoch)
            {
                // The first choice's counter starts at epoch 0: the first add claims it for epoch 1.
                if (epoch != 1 || seen != 0)
                {
                    total = 0;
                    return false;
                }
            }

            var updated = ((long)epoch << 32) | (uint)((int)seen + bytes);
            var witnessed = Interlocked.CompareExchange(ref _produced, updated, seen);
            if (witnessed == seen)
            {
                total = (int)updated;
                return true;
            }

            seen = witnessed;
        }
    }

    /// <summary>
    /// Draws the next sticky partition: uniformly among available partitions (all partitions when none has a
    /// leader), or from the load statistics' cumulative frequency table when present.
    /// </summary>
    public int NextPartition(PartitionAvailability availability)
    {
        var random = _random.NextInt() & 0x7FFFFFFF;
        var stats = Volatile.Read(ref _loadStats);
        if (stats is null)
        {
            return UniformPartition(availability, random);
        }

        if (stats.TryPick(random, out var partition))
        {
            return partition;
        }

        return UniformPartition(availability, random);
    }

    /// <summary>
    /// Publishes queue sizes for adaptive partitioning into the partitioner's one reused table (sender thread only; the
    /// arrays stay the caller's). Equal sizes over every partition carry no information and clear the statistics
    /// (uniform choice). Null clears them too.
    /// </summary>
    /// <param name="queueSizes">Batches queued per candidate partition.</param>
    /// <param name="partitionIds">The partition of each entry.</param>
    /// <param name="length">How many entries are valid.</param>
    /// <param name="partitionCount">All partitions of the topic.</param>
    public void UpdatePartitionLoadStats(int[]? queueSizes, int[] partitionIds, int length, int partitionCount)
    {
        if (queueSizes is null || length == 0)
        {
            Volatile.Write(ref _loadStats, null);
            return;
        }

        var max = queueSizes[0];
        var allEqual = true;
        for (var i = 1; i < length; i++)
        {
            allEqual &= queueSizes[i] == queueSizes[0];
            max = Math.Max(max, queueSizes[i]);
        }

        if (allEqual && length == partitionCount)
        {
            Volatile.Write(ref _loadStats, null);
            return;
        }

        // One table per partitioner, grown only when the topic gains partitions; a replaced table is never written again.
        var table = _statsTable;
        if (table is null || table.Capacity < length)
        {
            table = _statsTable = new PartitionLoadStats(Math.Max(length, partitionCount));
        }

        table.Write(queueSizes.AsSpan(0, length), partitionIds.AsSpan(0, length), max);
        Volatile.Write(ref _loadStats, table);
    }

    private static int UniformPartition(PartitionAvailability availability, int random)
    {
        var available = availability.AvailablePartitions;
        if (available.Length > 0)
        {
            return available[random % available.Length];
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(availability.PartitionCount);
        return random % availability.PartitionCount;
    }

    /// <summary>The index of the first running sum strictly greater than <c>random mod total</c>.</summary>
    internal static int PickWeighted(int[] cumulativeFrequencies, int length, int random)
    {
        var x = random % cumulativeFrequencies[length - 1];
        var index = Array.BinarySearch(cumulativeFrequencies, 0, length, x);

        // Exact hit on a running sum belongs to the next entry ("strictly greater"); a miss gives the insertion point.
        return index >= 0 ? index + 1 : ~index;
    }
}
