using Brook.Producer.Accumulator;
using Brook.Producer.Internals;
using Brook.Producer.Memory;

namespace Brook.Producer.Tests.Accumulator;

/// <summary>
/// partitioner.availability.timeout.ms (KIP-794): a node with sendable data that the sender could not drain for longer
/// than the timeout has its partitions left out of the adaptive partitioner's load statistics, so unkeyed records stop
/// going there; once it is drained again they come back. As Java's NodeLatencyStats, a node's drain time starts at its
/// first ready time, so a leader that was never drainable (its broker down from the start) is excluded too.
/// </summary>
public sealed partial class RecordAccumulatorTests
{
    [Fact]
    public async Task Ready_NodeNeverDrainedPastAvailabilityTimeout_LeavesItsPartitionOutOfTheLoadStats()
    {
        var metadata = new FakeMetadata().Topic(Topic, 3, 0, 1, 2); // partition p led by node p
        var options = new ProducerOptions
        {
            BootstrapServers = "localhost:9092",
            BatchSize = BatchSize,
            LingerMs = LingerMs,
            PartitionerAvailabilityTimeoutMs = 100,
            TimeProvider = _time,
        }.Validate();
        var acc = new RecordAccumulator(options, new BufferPool(options.BufferMemory, options.BatchSize, _time), new RandomSource(17));

        // Three passes, 200 ms apart: nodes 0 and 2 are drained each time, node 1 (its connection never came up) never.
        for (var pass = 0; pass < 3; pass++)
        {
            for (var p = 0; p < 3; p++)
            {
                await acc.AppendAsync(Topic, p, Record(), metadata, 1000, Ct);
            }

            _time.Advance(TimeSpan.FromMilliseconds(200));
            acc.Ready(metadata, Now);
            acc.Drain(metadata, [0, 2], 1 << 20, Now);
        }

        var stats = acc.LoadStatsFor(Topic);
        Assert.NotNull(stats);
        Assert.Equal([0, 2], stats.PartitionIds.AsSpan(0, stats.Length).ToArray().Order());

        // Node 1 drained again: its partition is available on the next pass.
        acc.Drain(metadata, [1], 1 << 20, Now);
        _time.Advance(TimeSpan.FromMilliseconds(10));
        await acc.AppendAsync(Topic, 1, Record(), metadata, 1000, Ct);
        acc.Ready(metadata, Now);
        acc.Ready(metadata, Now);
        var after = acc.LoadStatsFor(Topic);
        Assert.True(after is null || after.PartitionIds.AsSpan(0, after.Length).Contains(1)); // null: uniform over all
    }
}
