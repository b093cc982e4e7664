using Brook.Producer.Accumulator;
using Brook.Producer.Internals;
using Brook.Producer.Memory;
using Brook.Producer.Partitioning;
using Brook.Protocol.Errors;
using Microsoft.Extensions.Time.Testing;
using Brook.Tests.Shared;

namespace Brook.Producer.Tests.Accumulator;

public sealed partial class RecordAccumulatorTests
{
    private const int BatchSize = 1024;
    private const int LingerMs = 10;
    private const string Topic = "t";
    private static readonly byte[] Value = new byte[100];

    private readonly FakeTimeProvider _time = new(DateTimeOffset.FromUnixTimeMilliseconds(1_000_000));
    private readonly FakeMetadata _metadata = new FakeMetadata().Topic(Topic, 3, 0);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private long Now => _time.GetUtcNow().ToUnixTimeMilliseconds();

    private (RecordAccumulator Accumulator, BufferPool Pool) Create(
        long bufferMemory = 64 * BatchSize, int deliveryTimeoutMs = 120000, bool adaptive = true, CompressionType compression = CompressionType.None)
    {
        var options = new ProducerOptions
        {
            BootstrapServers = "localhost:9092",
            BatchSize = BatchSize,
            LingerMs = LingerMs,
            BufferMemory = bufferMemory,
            DeliveryTimeoutMs = deliveryTimeoutMs,
            RequestTimeoutMs = 1000,
            MaxRequestSize = 16 * BatchSize,
            PartitionerAdaptivePartitioningEnable = adaptive,
            CompressionType = compression,
            TimeProvider = _time,
        }.Validate();
        var pool = new BufferPool(options.BufferMemory, options.BatchSize, _time);
        return (new RecordAccumulator(options, pool, new RandomSource(17)), pool);
    }

    private RecordPayload Record(int valueSize = 100) => new(Now, default, true, new byte[valueSize], false, default);

    private ValueTask<RecordAppendResult> Append(RecordAccumulator acc, int partition, int valueSize = 100, long maxBlockMs = 1000) =>
        acc.AppendAsync(Topic, partition, Record(valueSize), _metadata, maxBlockMs, Ct);

    private async Task<int> FillOneBatch(RecordAccumulator acc, int partition)
    {
        var appended = 0;
        while (true)
        {
            var result = await Append(acc, partition);
            if (result.NewBatchCreated && appended > 0)
            {
                return appended;
            }

            appended++;
        }
    }

    [Fact]
    public async Task Append_FirstRecord_CreatesBatchAndReportsNewBatch()
    {
        var (acc, _) = Create();
        var result = await Append(acc, 1);
        Assert.True(result.NewBatchCreated);
        Assert.False(result.BatchIsFull);
        Assert.Equal(1, result.Partition);
        Assert.Equal(0, result.RecordIndex);
        Assert.Equal(1, acc.IncompleteCount);

        var second = await Append(acc, 1);
        Assert.False(second.NewBatchCreated);
        Assert.Same(result.Batch, second.Batch);
        Assert.Equal(1, second.RecordIndex);
    }

    [Fact]
    public async Task Append_WhenBatchFull_StartsNewBatchAndNodeIsReadyBeforeLinger()
    {
        var (acc, _) = Create();
        var perBatch = await FillOneBatch(acc, 0);
        Assert.InRange(perBatch, 2, 10);
        Assert.Equal(2, acc.QueuedBatchCount(new TopicPartition(Topic, 0)));

        var ready = acc.Ready(_metadata, Now);
        Assert.Equal([0], ready.ReadyNodes);
    }

    [Fact]
    public async Task Ready_BeforeLinger_NotReadyWithDelay_ThenReadyAfterLinger()
    {
        var (acc, _) = Create();
        await Append(acc, 0);
        _time.Advance(TimeSpan.FromMilliseconds(4));

        var early = acc.Ready(_metadata, Now);
        Assert.Empty(early.ReadyNodes);
        Assert.Equal(LingerMs - 4, early.NextReadyCheckDelayMs);

        _time.Advance(TimeSpan.FromMilliseconds(6));
        Assert.Equal([0], acc.Ready(_metadata, Now).ReadyNodes);
    }

    [Fact]
    public async Task Drain_TakesAtMostOneBatchPerPartitionAndSealsIt()
    {
        var (acc, _) = Create();
        await FillOneBatch(acc, 0);
        await Append(acc, 1);
        _time.Advance(TimeSpan.FromMilliseconds(LingerMs));

        var drained = acc.Drain(_metadata, [0], 16 * BatchSize, Now)[0];
        Assert.Equal(2, drained.Count);
        Assert.Equal([0, 1], drained.Select(b => b.TopicPartition.Partition.Value).Order());
        Assert.All(drained, b => Assert.False(b.Sealed.IsEmpty));
        Assert.All(drained, b => Assert.True(b.IsClosedForAppends));
        Assert.Equal(1, acc.QueuedBatchCount(new TopicPartition(Topic, 0)));
    }

    [Fact]
    public async Task Drain_StopsAtMaxRequestSize_AndNextPassStartsAtStoppedPartition()
    {
        var (acc, _) = Create();
        for (var p = 0; p < 3; p++)
        {
            await Append(acc, p, 400);
        }

        _time.Advance(TimeSpan.FromMilliseconds(LingerMs));
        var first = acc.Drain(_metadata, [0], 1000, Now)[0];
        Assert.Equal([0, 1], first.Select(b => b.TopicPartition.Partition.Value));

        await Append(acc, 0, 400);
        await Append(acc, 1, 400);
        _time.Advance(TimeSpan.FromMilliseconds(LingerMs));
        var second = acc.Drain(_metadata, [0], 1000, Now)[0];
        Assert.Equal([2, 0], second.Select(b => b.TopicPartition.Partition.Value));
    }

    [Fact]
    public async Task Drain_SingleBatchLargerThanMaxRequestSize_StillGoesAlone()
    {
        var (acc, _) = Create();
        await Append(acc, 0, 900);
        await Append(acc, 1, 900);
        var drained = acc.Drain(_metadata, [0], 500, Now)[0];
        Assert.Single(drained);
    }

    [Fact]
    public async Task Ready_WithPoolWaiters_MakesBatchesSendableAtOnce()
    {
        var (acc, pool) = Create(bufferMemory: BatchSize);
        await Append(acc, 0);
        var blocked = Append(acc, 1, maxBlockMs: 5000);
        Assert.False(blocked.IsCompleted);
        Assert.Equal(1, pool.QueuedCount);

        Assert.Equal([0], acc.Ready(_metadata, Now).ReadyNodes);
        var batch = Assert.Single(acc.Drain(_metadata, [0], 16 * BatchSize, Now)[0]);

        // Memory returns only when the batch completes; then the blocked append proceeds.
        batch.Succeed(0, -1, PersistenceStatus.Persisted);
        acc.Deallocate(batch);
        var result = await blocked.AsTask().WaitAsync(TimeSpan.FromSeconds(30), Ct);
        Assert.True(result.NewBatchCreated);
        Assert.Equal(1, result.Partition);
    }

    [Fact]
    public async Task Append_BufferStaysExhausted_FailsAfterMaxBlockMs()
    {
        var (acc, _) = Create(bufferMemory: BatchSize);
        await Append(acc, 0);
        var blocked = Append(acc, 1, maxBlockMs: 300);
        _time.Advance(TimeSpan.FromMilliseconds(300));
        await Assert.ThrowsAsync<BufferExhaustedException>(async () => await blocked);
        Assert.Equal(1, acc.IncompleteCount);
    }

    [Fact]
    public async Task Append_RecordAboveMaxRequestSize_ThrowsRecordTooLarge()
    {
        var (acc, _) = Create();
        var ex = await Assert.ThrowsAsync<RecordTooLargeException>(async () => await Append(acc, 0, 16 * BatchSize));
        Assert.Contains("max.request.size", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Append_RecordAboveMaxRequestSize_FaultsTheReturnedTaskInsteadOfThrowing()
    {
        var (acc, _) = Create();

        var append = Append(acc, 0, 16 * BatchSize); // must not throw here: callers treat the task as the outcome

        Assert.True(append.IsFaulted);
        await Assert.ThrowsAsync<RecordTooLargeException>(async () => await append);
    }

    [Fact]
    public async Task Append_WhenNewBatchMemoryIsFree_CompletesSynchronouslyWithANewBatch()
    {
        var (acc, pool) = Create();
        var state = acc.TopicStateFor(Topic);

        var first = acc.AppendAsync(state, 0, Record(), _metadata, 1000, null, Ct);
        var second = acc.AppendAsync(state, 0, Record(), _metadata, 1000, null, Ct);

        Assert.True(first.IsCompletedSuccessfully);
        Assert.True(second.IsCompletedSuccessfully);
        Assert.True((await first).NewBatchCreated);
        Assert.False((await second).NewBatchCreated);
        Assert.Same((await first).Batch, (await second).Batch);
        Assert.Equal(0, pool.WaitCount);
        Assert.Equal(64 * BatchSize - BatchSize, pool.AvailableMemory);
    }

    [Fact]
    public async Task Append_AfterWaitingForMemory_ReleasesNothingTwiceAndRegistersTheCompletion()
    {
        var (acc, pool) = Create(bufferMemory: BatchSize);
        await Append(acc, 0);
        var completion = new IndexRecorder();

        var blocked = acc.AppendAsync(acc.TopicStateFor(Topic), 1, Record(), _metadata, 60_000, completion, Ct);
        Assert.False(blocked.IsCompleted);
        Assert.Equal([0], acc.Ready(_metadata, Now).ReadyNodes);
        var batch = Assert.Single(acc.Drain(_metadata, [0], 16 * BatchSize, Now)[0]);
        batch.Succeed(0, -1, PersistenceStatus.Persisted);
        acc.Deallocate(batch);
        var result = await blocked.AsTask().WaitAsync(TimeSpan.FromSeconds(30), Ct);

        Assert.True(result.NewBatchCreated);
        Assert.Equal((1, 0), (completion.Partition, completion.Index));
        Assert.Equal(0, pool.AvailableMemory); // the new batch holds the one batch of memory there is

        result.Batch.CloseForAppends();
        result.Batch.Succeed(7, -1, PersistenceStatus.Persisted);
        Assert.Same(result.Batch, completion.CompletedBy);
    }

    [Fact]
    public async Task Flush_MakesBatchesSendableBeforeLinger()
    {
        var (acc, _) = Create();
        await Append(acc, 0);
        Assert.Empty(acc.Ready(_metadata, Now).ReadyNodes);
        acc.BeginFlush();
        Assert.True(acc.FlushInProgress);
        Assert.Equal([0], acc.Ready(_metadata, Now).ReadyNodes);
    }

    [Fact]
    public async Task Flush_IsACheckpoint_IgnoringLaterRecords()
    {
        var (acc, _) = Create();
        var before = (await Append(acc, 0)).Batch;
        acc.BeginFlush();
        var flush = acc.AwaitFlushCompletionAsync(Ct);
        var after = (await Append(acc, 1)).Batch;
        Assert.False(flush.IsCompleted);

        before.Succeed(0, -1, PersistenceStatus.Persisted);
        await flush.WaitAsync(TimeSpan.FromSeconds(30), Ct);
        Assert.False(after.IsDone);
        Assert.False(acc.FlushInProgress);
    }

    [Fact]
    public async Task Flush_Cancelled_StopsWaitingAndEndsFlush()
    {
        var (acc, _) = Create();
        await Append(acc, 0);
        using var cts = new CancellationTokenSource();
        acc.BeginFlush();
        var flush = acc.AwaitFlushCompletionAsync(cts.Token);
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => flush.WaitAsync(TimeSpan.FromSeconds(30), Ct));
        Assert.False(acc.FlushInProgress);
    }

    [Fact]
    public async Task ExpiredBatches_FromHeadUntilFirstUnexpired()
    {
        var (acc, _) = Create(deliveryTimeoutMs: 5000);
        await Append(acc, 0, 900);
        _time.Advance(TimeSpan.FromMilliseconds(3000));
        await Append(acc, 0, 900);
        Assert.Equal(2, acc.QueuedBatchCount(new TopicPartition(Topic, 0)));

        _time.Advance(TimeSpan.FromMilliseconds(1999));
        Assert.Empty(acc.ExpiredBatches(Now));
        _time.Advance(TimeSpan.FromMilliseconds(1));
        var expired = Assert.Single(acc.ExpiredBatches(Now));
        Assert.True(expired.IsClosedForAppends);
        Assert.Equal(1, acc.QueuedBatchCount(new TopicPartition(Topic, 0)));
        Assert.Empty(acc.ExpiredBatches(Now + 2999));
        Assert.Single(acc.ExpiredBatches(Now + 3000));
    }

    [Fact]
    public async Task ExpiredBatches_ReusesOneListAcrossPasses()
    {
        var (acc, _) = Create(deliveryTimeoutMs: 5000);
        await Append(acc, 0, 900);
        var first = acc.ExpiredBatches(Now);
        Assert.Empty(first);

        _time.Advance(TimeSpan.FromMilliseconds(5000));
        var second = acc.ExpiredBatches(Now);
        Assert.Same(first, second);
        Assert.Single(second);

        var found = 0;
        var allocated = ThreadAllocation.Quietest(() =>
        {
            for (var i = 0; i < 100; i++)
            {
                found += acc.ExpiredBatches(Now).Count; // cleared: last pass's batch is not handed out twice
            }
        });

        Assert.Equal(0, allocated);
        Assert.Equal(0, found);
    }

    [Fact]
    public async Task Reenqueue_BacksOffBeforeReadyAndDrain()
    {
        var (acc, _) = Create();
        await Append(acc, 0);
        _time.Advance(TimeSpan.FromMilliseconds(LingerMs));
        var batch = Assert.Single(acc.Drain(_metadata, [0], 16 * BatchSize, Now)[0]);

        acc.Reenqueue(batch, Now);
        Assert.Equal(1, batch.Attempts);
        Assert.InRange(batch.RetryBackoffMs, 80, 120);
        var ready = acc.Ready(_metadata, Now);
        Assert.Empty(ready.ReadyNodes);
        Assert.Equal(batch.RetryBackoffMs, ready.NextReadyCheckDelayMs);
        Assert.Empty(acc.Drain(_metadata, [0], 16 * BatchSize, Now)[0]);

        _time.Advance(TimeSpan.FromMilliseconds(batch.RetryBackoffMs));
        Assert.Equal([0], acc.Ready(_metadata, Now).ReadyNodes);
        Assert.Same(batch, Assert.Single(acc.Drain(_metadata, [0], 16 * BatchSize, Now)[0]));
    }

    [Fact]
    public async Task Reenqueue_LeaderChangedDuringRetry_SkipsBackoff()
    {
        var (acc, _) = Create();
        var tp = new TopicPartition(Topic, 0);
        _metadata.SetLeaderEpoch(tp, 3);
        await Append(acc, 0);
        _time.Advance(TimeSpan.FromMilliseconds(LingerMs));
        var batch = Assert.Single(acc.Drain(_metadata, [0], 16 * BatchSize, Now)[0]);
        Assert.Equal(3, batch.LeaderEpoch);

        acc.Reenqueue(batch, Now);
        Assert.Empty(acc.Ready(_metadata, Now).ReadyNodes);

        // KIP-951: a newer leader epoch means the retry goes to a new leader, without waiting out the backoff.
        _metadata.SetLeaderEpoch(tp, 4);
        Assert.Equal([0], acc.Ready(_metadata, Now).ReadyNodes);
        Assert.Same(batch, Assert.Single(acc.Drain(_metadata, [0], 16 * BatchSize, Now)[0]));
    }

    [Fact]
    public async Task Reenqueue_WithSequences_InsertsInSequenceOrder()
    {
        var (acc, _) = Create();
        var sequencer = new CountingSequencer();
        acc.Sequencer = sequencer;
        var drained = new List<ProducerBatch>();
        for (var i = 0; i < 3; i++)
        {
            await Append(acc, 0);
            drained.Add(Assert.Single(acc.Drain(_metadata, [0], 16 * BatchSize, Now)[0]));
        }

        Assert.Equal([0, 1, 2], drained.Select(b => b.BaseSequence));
        await Append(acc, 0);
        acc.Reenqueue(drained[2], Now);
        acc.Reenqueue(drained[0], Now);
        acc.Reenqueue(drained[1], Now);

        _time.Advance(TimeSpan.FromSeconds(1));
        var order = new List<int>();
        for (var i = 0; i < 4; i++)
        {
            order.Add(Assert.Single(acc.Drain(_metadata, [0], 16 * BatchSize, Now)[0]).BaseSequence);
        }

        Assert.Equal([0, 1, 2, 3], order);
    }

    [Fact]
    public async Task Drain_SequencerSaysWait_StopsDrainingNode()
    {
        var (acc, _) = Create();
        acc.Sequencer = new CountingSequencer { Blocked = new TopicPartition(Topic, 0) };
        await Append(acc, 0);
        await Append(acc, 1);
        Assert.Empty(acc.Drain(_metadata, [0], 16 * BatchSize, Now)[0]);
    }

    [Fact]
    public async Task Deallocate_ReturnsReservedMemoryOnce()
    {
        var (acc, pool) = Create();
        var batch = (await Append(acc, 0)).Batch;
        Assert.Equal(63 * BatchSize, pool.AvailableMemory);
        batch.Fail(new KafkaException(ErrorCode.InvalidRecord), PersistenceStatus.NotPersisted);
        acc.Deallocate(batch);
        acc.Deallocate(batch);
        Assert.Equal(64 * BatchSize, pool.AvailableMemory);
        Assert.Equal(0, acc.IncompleteCount);
    }

    [Fact]
    public async Task Ready_LeaderUnknown_ReportsTopicForMetadataRefresh()
    {
        var (acc, _) = Create();
        _metadata.RemoveLeader(new TopicPartition(Topic, 2));
        await Append(acc, 2);
        _time.Advance(TimeSpan.FromMilliseconds(LingerMs));
        var ready = acc.Ready(_metadata, Now);
        Assert.Empty(ready.ReadyNodes);
        Assert.Equal([Topic], ready.UnknownLeaderTopics);
    }

    [Fact]
    public async Task Mute_SkipsPartitionInReadyAndDrain()
    {
        var (acc, _) = Create();
        await Append(acc, 0);
        _time.Advance(TimeSpan.FromMilliseconds(LingerMs));
        acc.Mute(new TopicPartition(Topic, 0));
        Assert.Empty(acc.Ready(_metadata, Now).ReadyNodes);
        Assert.Empty(acc.Drain(_metadata, [0], 16 * BatchSize, Now)[0]);
        acc.Unmute(new TopicPartition(Topic, 0));
        Assert.Single(acc.Drain(_metadata, [0], 16 * BatchSize, Now)[0]);
    }

    [Fact]
    public async Task Append_UnknownPartition_SticksUntilBatchFullThenSwitches()
    {
        var (acc, _) = Create(adaptive: false);
        var first = await Append(acc, PartitionChooser.Unknown);
        var partitions = new List<int> { first.Partition };
        for (var i = 0; i < 30; i++)
        {
            partitions.Add((await Append(acc, PartitionChooser.Unknown)).Partition);
        }

        // 8 records fill a batch; the 9th opens a second batch, and the switch is deferred while that batch is open
        // (KAFKA-14156) until 2 x batch.size bytes were produced: 16 records stick, as in Java.
        var stuck = partitions.TakeWhile(p => p == first.Partition).Count();
        Assert.Equal(16, stuck);
        Assert.True(partitions.Distinct().Count() > 1);
    }

    [Fact]
    public async Task Close_MakesQueuedBatchesSendableAndRefusesAppends()
    {
        var (acc, _) = Create();
        await Append(acc, 0);
        acc.Close();
        Assert.Equal([0], acc.Ready(_metadata, Now).ReadyNodes);
        await Assert.ThrowsAsync<KafkaException>(async () => await Append(acc, 0));
    }

    [Fact]
    public async Task AbortUndrainedBatches_FailsAndFreesEverythingQueued()
    {
        var (acc, pool) = Create();
        var batch = (await Append(acc, 0)).Batch;
        batch.Hold(); // read after it completed and was deallocated
        await Append(acc, 1);
        Assert.Equal(2, acc.AbortUndrainedBatches(new KafkaException("closed")));
        Assert.True(batch.IsDone);
        Assert.Equal(PersistenceStatus.NotPersisted, batch.Status);
        Assert.Equal(64 * BatchSize, pool.AvailableMemory);
        Assert.False(acc.HasUndrained());
    }

    [Fact]
    public async Task Ready_UnequalQueues_PublishesAdaptiveLoadStats()
    {
        var (acc, _) = Create();
        await FillOneBatch(acc, 0);
        await Append(acc, 1);
        acc.Ready(_metadata, Now);
        Assert.Null(acc.LoadStatsFor(Topic));

        // Every partition has a deque now: queue sizes 2, 1, 1 -> weights 1, 2, 2 -> running sums 1, 3, 5.
        await Append(acc, 2);
        acc.Ready(_metadata, Now);
        var stats = acc.LoadStatsFor(Topic);
        Assert.NotNull(stats);
        Assert.Equal(5, stats.CumulativeFrequencies[stats.Length - 1]);
        var weights = new Dictionary<int, int>();
        for (var i = 0; i < stats.Length; i++)
        {
            weights[stats.PartitionIds[i]] = stats.CumulativeFrequencies[i] - (i == 0 ? 0 : stats.CumulativeFrequencies[i - 1]);
        }

        Assert.Equal(1, weights[0]);
        Assert.Equal(2, weights[1]);
        Assert.Equal(2, weights[2]);
    }

    [Fact]
    public async Task Ready_SteadyState_AllocatesOnlyTheDictionaryEnumerators()
    {
        // One ready check runs per sender pass (several per batch at low rates): the sets, the result and the adaptive
        // queue-size arrays are reused; only the two ConcurrentDictionary enumerators (topics, deques) are new objects.
        var (acc, _) = Create();
        for (var p = 0; p < 3; p++)
        {
            await Append(acc, p); // equal queues: the load statistics stay cleared and the scratch arrays stay free
        }

        var metadata = new FixedAvailability(_metadata, _metadata.GetAvailability(Topic)); // the fake's LINQ allocates
        acc.Ready(metadata, Now);
        acc.Ready(metadata, Now);
        var perCall = ThreadAllocation.Quietest(() =>
        {
            for (var i = 0; i < 100; i++)
            {
                acc.Ready(metadata, Now);
            }
        }) / 100;
        Assert.InRange(perCall, 0, 160);
        Assert.Null(acc.LoadStatsFor(Topic));
    }

    [Fact]
    public async Task Ready_AdaptiveDisabled_PublishesNoLoadStats()
    {
        var (acc, _) = Create(adaptive: false);
        await FillOneBatch(acc, 0);
        await Append(acc, 1);
        await Append(acc, 2);
        acc.Ready(_metadata, Now);
        Assert.Null(acc.LoadStatsFor(Topic));
    }

    [Fact]
    public async Task Drain_WithCompression_LearnsRatioSoLaterBatchesHoldMoreRecords()
    {
        var (acc, _) = Create(compression: CompressionType.Gzip);
        var plain = await TrainCompression(acc);
        Assert.True(await FillOneBatch(acc, 0) > plain);
    }

    [Fact]
    public async Task SplitAndReenqueue_SplitsIntoBatchSizePiecesAndMapsRecordOutcomes()
    {
        var (acc, pool) = Create(compression: CompressionType.Gzip);
        var plain = await TrainCompression(acc);
        await FillOneBatch(acc, 0);
        _time.Advance(TimeSpan.FromMilliseconds(LingerMs));
        var big = acc.Drain(_metadata, [0], 16 * BatchSize, Now)[0].Single(b => b.RecordCount > plain);
        var records = big.RecordCount;

        var pieces = acc.SplitAndReenqueue(big);
        Assert.True(pieces >= 2);
        Assert.Equal(pieces, acc.QueuedBatchCount(new TopicPartition(Topic, 0)) - 1);

        var drainedPieces = new List<ProducerBatch>();
        for (var i = 0; i < pieces; i++)
        {
            var piece = Assert.Single(acc.Drain(_metadata, [0], 16 * BatchSize, Now)[0]);
            Assert.Same(big, piece.Parent);
            Assert.True(piece.EstimatedSizeInBytes <= BatchSize);
            drainedPieces.Add(piece);
        }

        Assert.Equal(records, drainedPieces.Sum(p => p.RecordCount));
        var offset = 500L;
        foreach (var piece in drainedPieces)
        {
            Assert.False(big.IsDone);
            piece.Succeed(offset, -1, PersistenceStatus.Persisted);
            offset += piece.RecordCount;
            acc.Deallocate(piece);
        }

        Assert.True(big.IsDone);
        Assert.Equal(PersistenceStatus.Persisted, big.Status);
        for (var i = 0; i < records; i++)
        {
            Assert.Equal(500 + i, big.GetRecordOutcome(i).Offset);
        }

        // Everything except the still-queued partition-0 batch is back in the pool.
        var queued = acc.QueuedBatchCount(new TopicPartition(Topic, 0));
        Assert.Equal(64 * BatchSize - (queued * BatchSize), pool.AvailableMemory);
    }

    [Fact]
    public async Task SplitAndReenqueue_WithSequence_ContinuesSequences()
    {
        var (acc, _) = Create(compression: CompressionType.Gzip);
        await TrainCompression(acc);
        acc.Sequencer = new CountingSequencer();
        await FillOneBatch(acc, 1);
        _time.Advance(TimeSpan.FromMilliseconds(LingerMs));
        var big = acc.Drain(_metadata, [0], 16 * BatchSize, Now)[0].Single(b => b.TopicPartition.Partition == 1);
        var pieces = acc.SplitAndReenqueue(big);

        var expected = big.BaseSequence;
        for (var i = 0; i < pieces; i++)
        {
            var piece = acc.Drain(_metadata, [0], 16 * BatchSize, Now)[0].Single(b => b.TopicPartition.Partition == 1);
            Assert.Equal(expected, piece.BaseSequence);
            Assert.Equal(big.ProducerId, piece.ProducerId);
            expected += piece.RecordCount;
        }
    }

    // Drains small zero-filled batches so gzip's observed ratio lowers the estimate; returns records per uncompressed batch.
    private async Task<int> TrainCompression(RecordAccumulator acc)
    {
        var plain = await FillOneBatch(acc, 0);
        for (var pass = 0; pass < 60; pass++)
        {
            _time.Advance(TimeSpan.FromMilliseconds(LingerMs));
            foreach (var batch in acc.Drain(_metadata, [0], 16 * BatchSize, Now)[0])
            {
                batch.Succeed(0, -1, PersistenceStatus.Persisted);
                acc.Deallocate(batch);
            }

            await Append(acc, 0);
        }

        _time.Advance(TimeSpan.FromMilliseconds(LingerMs));
        foreach (var batch in acc.Drain(_metadata, [0], 16 * BatchSize, Now)[0])
        {
            batch.Succeed(0, -1, PersistenceStatus.Persisted);
            acc.Deallocate(batch);
        }

        return plain;
    }

    [Fact]
    public async Task Append_IntoOpenBatch_AllocatesNothing()
    {
        var options = new ProducerOptions
        {
            BootstrapServers = "localhost:9092",
            BatchSize = 1 << 20,
            BufferMemory = 4 << 20,
            MaxRequestSize = 1 << 20,
            TimeProvider = _time,
        }.Validate();
        var acc = new RecordAccumulator(options, new BufferPool(options.BufferMemory, options.BatchSize, _time), new RandomSource(1));
        var key = new byte[8];
        var payload = new RecordPayload(Now, key, false, new byte[100], false, default);

        // Warm up: create the batch, grow the builder's buffer past what the measured appends need.
        for (var i = 0; i < 2000; i++)
        {
            await acc.AppendAsync(Topic, 0, payload, _metadata, 1000, Ct);
        }

        var allocated = ThreadAllocation.Quietest(() =>
        {
            for (var i = 0; i < 100; i++)
            {
                var task = acc.AppendAsync(Topic, 0, payload, _metadata, 1000, Ct);
                Assert.True(task.IsCompletedSuccessfully);
                Assert.False(task.Result.NewBatchCreated);
            }
        });

        Assert.Equal(0, allocated);
    }

    private sealed class IndexRecorder : IRecordCompletion
    {
        public int Partition { get; private set; } = -1;

        public int Index { get; private set; } = -1;

        public ProducerBatch? CompletedBy { get; private set; }

        public void OnAppended(int partition, int recordIndex) => (Partition, Index) = (partition, recordIndex);

        public void Complete(ProducerBatch batch) => CompletedBy = batch;

        public int Touch() => Index;
    }

    private sealed class CountingSequencer : IDrainSequencer
    {
        private int _next;

        public TopicPartition? Blocked { get; init; }

        public bool CanDrain(ProducerBatch first) => first.TopicPartition != Blocked;

        public void Stamp(ProducerBatch batch)
        {
            if (!batch.HasSequence)
            {
                batch.SetProducerState(1000, 0, _next, false);
                _next += batch.RecordCount;
            }
        }
    }

    // Availability computed once, like ClusterView's snapshot: keeps FakeMetadata's per-call LINQ out of allocation counts.
    private sealed class FixedAvailability(FakeMetadata inner, PartitionAvailability availability) : IAccumulatorMetadata
    {
        public PartitionAvailability GetAvailability(string topic) => availability;

        public bool TryGetLeader(TopicPartition topicPartition, out int nodeId, out int leaderEpoch) =>
            inner.TryGetLeader(topicPartition, out nodeId, out leaderEpoch);

        public IReadOnlyList<TopicPartition> PartitionsForNode(int nodeId) => inner.PartitionsForNode(nodeId);
    }
}
