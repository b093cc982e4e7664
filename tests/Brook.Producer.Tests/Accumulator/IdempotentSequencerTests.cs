using Brook.Producer.Accumulator;
using Brook.Producer.Internals;
using Brook.Producer.Memory;
using Microsoft.Extensions.Time.Testing;

namespace Brook.Producer.Tests.Accumulator;

public sealed class IdempotentSequencerTests
{
    private const int BatchSize = 1024;
    private const string Topic = "t";
    private static readonly TopicPartition Tp0 = new(Topic, 0);

    private readonly FakeTimeProvider _time = new(DateTimeOffset.FromUnixTimeMilliseconds(1_000_000));
    private readonly FakeMetadata _metadata = new FakeMetadata().Topic(Topic, 2, 0);
    private readonly IdempotentSequencer _sequencer = new(transactional: false);
    private readonly RecordAccumulator _acc;

    public IdempotentSequencerTests()
    {
        var options = new ProducerOptions
        {
            BootstrapServers = "localhost:9092",
            BatchSize = BatchSize,
            LingerMs = 0,
            BufferMemory = 64 * BatchSize,
            TimeProvider = _time,
        }.Validate();
        _acc = new RecordAccumulator(options, new BufferPool(options.BufferMemory, BatchSize, _time), new RandomSource(5), sequencer: _sequencer);
    }

    private long Now => _time.GetUtcNow().ToUnixTimeMilliseconds();

    private async Task<ProducerBatch> AppendAndDrainOne(int records = 3, int partition = 0)
    {
        for (var i = 0; i < records; i++)
        {
            await _acc.AppendAsync(Topic, partition, new RecordPayload(Now, default, true, new byte[10], false, default), _metadata, 1000, TestContext.Current.CancellationToken);
        }

        return Assert.Single(DrainAll());
    }

    private List<ProducerBatch> DrainAll() => _acc.Drain(_metadata, [0], 1 << 20, Now)[0];

    [Fact]
    public async Task Drain_WithoutProducerId_DrainsNothing()
    {
        await _acc.AppendAsync(Topic, 0, new RecordPayload(Now, default, true, new byte[10], false, default), _metadata, 1000, TestContext.Current.CancellationToken);
        Assert.Empty(DrainAll());
    }

    [Fact]
    public async Task Stamp_AssignsConsecutiveSequencesOncePerBatch()
    {
        _sequencer.SetProducerIdAndEpoch(42, 0);
        var first = await AppendAndDrainOne(3);
        var second = await AppendAndDrainOne(2);
        Assert.Equal((42L, (short)0, 0), (first.ProducerId, first.ProducerEpoch, first.BaseSequence));
        Assert.Equal(3, second.BaseSequence);
        Assert.Equal(5, _sequencer.NextSequence(Tp0));
        Assert.Equal(2, _sequencer.InFlightCount(Tp0));

        // A plain retry keeps its sequence.
        _sequencer.OnAcknowledged(first, 100);
        _acc.Reenqueue(second, Now);
        _time.Advance(TimeSpan.FromSeconds(1));
        var retried = Assert.Single(DrainAll());
        Assert.Same(second, retried);
        Assert.Equal(3, retried.BaseSequence);
        Assert.Equal(5, _sequencer.NextSequence(Tp0));
    }

    [Fact]
    public async Task Drain_RetriedBatchNotLowestInFlight_Waits()
    {
        _sequencer.SetProducerIdAndEpoch(42, 0);
        _ = await AppendAndDrainOne(3);
        var second = await AppendAndDrainOne(2);
        _acc.Reenqueue(second, Now);
        _time.Advance(TimeSpan.FromSeconds(1));

        // Sequence 0 is still in flight, so the retried batch (sequence 3) must wait behind it.
        Assert.Empty(DrainAll());
    }

    [Fact]
    public async Task OnAcknowledged_AdvancesLastAckedSequence()
    {
        _sequencer.SetProducerIdAndEpoch(42, 0);
        var first = await AppendAndDrainOne(3);
        Assert.Equal(-1, _sequencer.LastAckedSequence(Tp0));
        _sequencer.OnAcknowledged(first, 10);
        Assert.Equal(2, _sequencer.LastAckedSequence(Tp0));
        Assert.Equal(0, _sequencer.InFlightCount(Tp0));
    }

    [Fact]
    public async Task EpochBump_NewBatchWaitsForStaleInFlight_ThenRestartsAtZero()
    {
        _sequencer.SetProducerIdAndEpoch(42, 0);
        var old = await AppendAndDrainOne(3);
        _sequencer.SetProducerIdAndEpoch(42, 1);

        await _acc.AppendAsync(Topic, 0, new RecordPayload(Now, default, true, new byte[10], false, default), _metadata, 1000, TestContext.Current.CancellationToken);
        Assert.Empty(DrainAll());

        _sequencer.OnAcknowledged(old, 7);
        var fresh = Assert.Single(DrainAll());
        Assert.Equal((short)1, fresh.ProducerEpoch);
        Assert.Equal(0, fresh.BaseSequence);
        Assert.Equal(-1, _sequencer.LastAckedSequence(Tp0));
    }

    [Fact]
    public async Task Unresolved_BlocksNewBatchesUntilCleared()
    {
        _sequencer.SetProducerIdAndEpoch(42, 0);
        _sequencer.SetUnresolved(Tp0, true);
        await _acc.AppendAsync(Topic, 0, new RecordPayload(Now, default, true, new byte[10], false, default), _metadata, 1000, TestContext.Current.CancellationToken);
        Assert.Empty(DrainAll());
        _sequencer.SetUnresolved(Tp0, false);
        Assert.Single(DrainAll());
    }

    [Fact]
    public async Task Sequences_ArePerPartition()
    {
        _sequencer.SetProducerIdAndEpoch(42, 0);
        var p0 = await AppendAndDrainOne(3, 0);
        var p1 = await AppendAndDrainOne(2, 1);
        Assert.Equal(0, p0.BaseSequence);
        Assert.Equal(0, p1.BaseSequence);
    }
}
