using System.Buffers;
using System.Reflection;
using Brook.Producer.Accumulator;
using Brook.Producer.Internals;
using Brook.Producer.Memory;
using Brook.Producer.Metadata;
using Brook.Producer.Sending;
using Brook.Producer.Tests.Idempotence;
using Brook.Producer.Tests.Sending;
using Brook.Protocol.Compression;
using Brook.Protocol.Errors;
using Brook.Protocol.Messages;
using Brook.Protocol.Records;
using Microsoft.Extensions.Time.Testing;

namespace Brook.Producer.Tests.Accumulator;

/// <summary>
/// Batch recycling (issue 4): a batch goes back to its accumulator's pool only after its last hold is released, comes
/// back clean, and a holder that kept it without a hold is caught by the generation check. The sender scenarios run
/// with pooling on and read outcomes the way the producer does (record completions), never from a batch that may have
/// been recycled; each ends with buffer.memory available in full.
/// </summary>
public sealed class ProducerBatchPoolTests
{
    private const string Topic = "t";
    private static readonly TopicPartition Tp0 = new(Topic, 0);
    private readonly FakeTimeProvider _time = new(DateTimeOffset.FromUnixTimeMilliseconds(1_000_000));
    private readonly FakeTransport _transport = new();
    private MetadataManager _metadata = null!;
    private RecordAccumulator _accumulator = null!;
    private BufferPool _memory = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private long Now => _time.GetUtcNow().ToUnixTimeMilliseconds();

    [Fact]
    public void Recycle_AfterLastRelease_StartsCleanAsAFreshBatch()
    {
        var buffers = ArrayPool<byte>.Create();
        var pool = new ProducerBatchPool(buffers, 4);
        var batch = pool.Rent(Tp0, 1000, 500, 10);
        var generation = batch.Generation;
        var sink = new QueueingSink();
        batch.Sink = sink;
        batch.CompletionPool = new CompletionChunkPool();

        // Every piece of state a batch collects over its life, then recycled without the records being dispatched.
        var recorder = new OutcomeRecorder();
        for (var i = 0; i < 3; i++)
        {
            Assert.True(batch.TryAppend(new RecordPayload(10 + i, default, true, new byte[20], false, default)));
            batch.AddRecordCompletion(recorder.Next(i));
        }

        batch.MarkDrained(20);
        batch.SetProducerState(7, 2, 100, isTransactional: true);
        Assert.False(batch.Seal(CompressionType.None, RecordCompression.DefaultLevel).IsEmpty);
        batch.RecordAttemptStatus(PersistenceStatus.PossiblyPersisted);
        batch.MarkRetry(30, 99);
        batch.MaybeUpdateLeaderEpoch(5);
        batch.ResetProducerState(8, 3, 0);
        Assert.False(batch.Seal(CompressionType.Lz4, RecordCompression.DefaultLevel).IsEmpty);
        _ = batch.Completion; // a flush asked for the completion task
        Assert.True(batch.TryDeferDeallocation(CreateAccumulator(new ProducerOptions { BootstrapServers = "localhost:9092" })));
        var parent = new ProducerBatch(Tp0, new RecordBatchBuilder(1000), 0, 10);
        parent.SplitInto([batch]);
        var piece = new ProducerBatch(Tp0, new RecordBatchBuilder(1000), 0, 10);
        batch.SplitInto([piece]);
        Assert.True(piece.Fail(new KafkaException(ErrorCode.NotLeaderOrFollower, "x"), PersistenceStatus.NotPersisted));
        Assert.True(batch.IsDone);
        Assert.NotNull(batch.Error);
        Assert.Single(sink.Queued);

        batch.Builder.ReturnBuffers();
        batch.Release(generation);
        Assert.Equal(1, pool.SpareCount);

        var reused = pool.Rent(new TopicPartition("u", 3), 2000, 700, 50);
        Assert.Same(batch, reused);
        Assert.Equal(generation + 1, reused.Generation);
        var fresh = new ProducerBatch(new TopicPartition("u", 3), new RecordBatchBuilder(2000, buffers), 700, 50);
        foreach (var field in typeof(ProducerBatch).GetFields(BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public))
        {
            if (field.Name is "_generation" or "_pool" or "<Builder>k__BackingField")
            {
                continue;
            }

            Assert.True(Equals(field.GetValue(fresh), field.GetValue(reused)), $"{field.Name}: fresh {field.GetValue(fresh) ?? "null"}, recycled {field.GetValue(reused) ?? "null"}");
        }

        Assert.Equal((0, 61, false, 2000), (reused.Builder.RecordCount, reused.Builder.EstimatedSize, reused.Builder.IsSealed, reused.Builder.BatchSizeLimit));
        Assert.True(reused.TryAppend(new RecordPayload(60, default, true, new byte[5], false, default)));
        var header = RecordBatchHeader.Read(reused.Seal(CompressionType.None, RecordCompression.DefaultLevel).Span);
        Assert.Equal((-1L, (short)-1, -1, 1), (header.ProducerId, header.ProducerEpoch, header.BaseSequence, header.RecordCount));
        Assert.Empty(recorder.Completed); // the dropped batch's records were never completed through the new one
    }

    [Fact]
    public void Release_OnlyTheLastReleaseRecycles()
    {
        var pool = new ProducerBatchPool(ArrayPool<byte>.Create(), 4);
        var batch = pool.Rent(Tp0, 1000, 0, 0);
        batch.Hold();
        batch.Hold();
        var generation = batch.Generation;
        batch.Release(generation);
        batch.Release(generation);
        Assert.Equal((1, 0L), (batch.Holds, pool.Recycled));

        batch.Release(generation);
        Assert.Equal((0, 1L), (batch.Holds, pool.Recycled));
        Assert.Equal(generation + 1, batch.Generation);
    }

    [Fact]
    public void Release_WithTheGenerationBeforeARecycle_ThrowsNamingTheBatch()
    {
        var pool = new ProducerBatchPool(ArrayPool<byte>.Create(), 4);
        var batch = pool.Rent(Tp0, 1000, 0, 0);
        var stale = batch.Generation;
        batch.Release(stale);
        Assert.Same(batch, pool.Rent(Tp0, 1000, 0, 0));

        var error = Assert.Throws<InvalidOperationException>(() => batch.Release(stale));
        Assert.Contains("ProducerBatch(t [0]", error.Message, StringComparison.Ordinal);
        Assert.Contains("recycled", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, batch.Holds); // the new life's hold is untouched
    }

    [Fact]
    public void Hold_AfterRecycle_Throws()
    {
        var pool = new ProducerBatchPool(ArrayPool<byte>.Create(), 4);
        var batch = pool.Rent(Tp0, 1000, 0, 0);
        batch.Release(batch.Generation);
        var error = Assert.Throws<InvalidOperationException>(batch.Hold);
        Assert.Contains("recycled", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Return_BeyondCapacity_LeavesTheBatchToTheGc()
    {
        var pool = new ProducerBatchPool(ArrayPool<byte>.Create(), 2);
        var batches = Enumerable.Range(0, 3).Select(_ => pool.Rent(Tp0, 1000, 0, 0)).ToList();
        foreach (var batch in batches)
        {
            batch.Release(batch.Generation);
        }

        Assert.Equal((2, 3L), (pool.SpareCount, pool.Recycled));
    }

    [Fact]
    public async Task TransactionalProducer_NewBatchComesWithAHoldForTheCaller_OnlyWhenCreated()
    {
        var options = new ProducerOptions { BootstrapServers = "localhost:9092", TransactionalId = "tx" }.Validate();
        var accumulator = CreateAccumulator(options);
        var metadata = new FakeMetadata().Topic(Topic, 1, 0);
        var payload = new RecordPayload(0, default, true, new byte[10], false, default);
        var created = await accumulator.AppendAsync(Topic, 0, payload, metadata, 1000, Ct);
        var appended = await accumulator.AppendAsync(Topic, 0, payload, metadata, 1000, Ct);

        Assert.True(created.NewBatchCreated);
        Assert.Same(created.Batch, appended.Batch);
        Assert.Equal(2, created.Batch.Holds); // the accumulator's and the caller's (for the TransactionManager)
        Assert.True(created.Batch.IsPooled);

        var plain = CreateAccumulator(new ProducerOptions { BootstrapServers = "localhost:9092" });
        Assert.Equal(1, (await plain.AppendAsync(Topic, 0, payload, metadata, 1000, Ct)).Batch.Holds);
    }

    [Fact]
    public async Task Sender_Success_RecyclesTheBatchOnceTheRequestIsHandled_AndTheNextBatchReusesIt()
    {
        var sender = CreateSender();
        var recorder = new OutcomeRecorder();
        var batch = await AppendAsync(0, recorder, records: 2);
        await sender.RunOnceAsync();
        Assert.Equal(2, batch.Holds); // the accumulator's and the in-flight request's

        _transport.Produces.Single().Answer(baseOffset: 40);
        await sender.RunOnceAsync();

        Assert.Equal(1L, _accumulator.BatchPool.Recycled);
        Assert.Equal([40L, 41L], recorder.Completed.Select(o => o.Offset));
        Assert.All(recorder.Completed, o => Assert.Null(o.Error));
        Assert.Equal(_memory.TotalMemory, _memory.AvailableMemory);
        var next = await AppendAsync(1, recorder);
        Assert.Same(batch, next);
        Assert.Equal(new TopicPartition(Topic, 1), next.TopicPartition);
        Assert.Equal(1, next.RecordCount);
    }

    [Fact]
    public async Task Sender_Retries_WithPoolingOn_CompleteEveryRecordOnceAndRecycleEveryBatch()
    {
        var sender = CreateSender();
        var recorder = new OutcomeRecorder();
        for (var round = 0; round < 5; round++)
        {
            await AppendAsync(0, recorder, records: 2);
            await AppendAsync(1, recorder, records: 3);
            await sender.RunOnceAsync();
            foreach (var request in _transport.Produces.Where(r => !r.Completion.Task.IsCompleted).ToList())
            {
                request.Answer(error: (short)ErrorCode.NotEnoughReplicas);
            }

            await sender.RunOnceAsync();
            _time.Advance(TimeSpan.FromMilliseconds(1000));
            await sender.RunOnceAsync();
            foreach (var request in _transport.Produces.Where(r => !r.Completion.Task.IsCompleted).ToList())
            {
                request.Answer(baseOffset: 100 * round);
            }

            await sender.RunOnceAsync();
        }

        Assert.Equal(25, recorder.Completed.Count);
        Assert.All(recorder.Completed, o => Assert.Null(o.Error));
        Assert.Equal(10L, _accumulator.BatchPool.Recycled);
        Assert.Equal(0, _accumulator.IncompleteCount);
        Assert.Equal(_memory.TotalMemory, _memory.AvailableMemory);
    }

    [Fact]
    public async Task Sender_Split_PiecesAndTheOriginalAreNotPooled_AndEveryRecordGetsItsOffset()
    {
        var sender = CreateSender(retries: 0, batchSize: 300);
        var recorder = new OutcomeRecorder();
        var big = await AppendAsync(0, recorder, records: 3, valueSize: 70);
        await sender.RunOnceAsync();
        _transport.Produces.Single().Answer(error: (short)ErrorCode.MessageTooLarge);
        await sender.RunOnceAsync();
        Assert.False(big.IsPooled);
        Assert.All(big.Children, piece => Assert.False(piece.IsPooled));

        var offset = 10L;
        while (_transport.Produces.FirstOrDefault(r => !r.Completion.Task.IsCompleted) is { } request)
        {
            var records = request.Produce.TopicData.Sum(t => t.PartitionData.Sum(p => RecordBatchHeader.Read(p.Records!.Value.Span).RecordCount));
            request.Answer(baseOffset: offset);
            offset += records;
            await sender.RunOnceAsync();
        }

        Assert.Equal([10L, 11L, 12L], recorder.Completed.Select(o => o.Offset));
        Assert.Equal(0L, _accumulator.BatchPool.Recycled);
        Assert.Equal(_memory.TotalMemory, _memory.AvailableMemory);
    }

    [Fact]
    public async Task Sender_DeferredDeallocation_KeepsTheBatchUntilItsRecordsWereDispatched()
    {
        var sender = CreateSender();
        var sink = new QueueingSink();
        _accumulator.CompletionSink = sink;
        var recorder = new OutcomeRecorder();
        var batch = await AppendAsync(0, recorder);
        var generation = batch.Generation;
        await sender.RunOnceAsync();
        _transport.Produces.Single().Answer(baseOffset: 5);
        await sender.RunOnceAsync();

        // Completed, request handled, but its callbacks are still queued on the dispatcher: not recycled.
        Assert.Equal((1, generation, 0L), (batch.Holds, batch.Generation, _accumulator.BatchPool.Recycled));
        Assert.Empty(recorder.Completed);
        sink.DispatchAll();
        Assert.Equal(5L, recorder.Completed.Single().Offset);
        Assert.Equal(1L, _accumulator.BatchPool.Recycled);
        Assert.Equal(_memory.TotalMemory, _memory.AvailableMemory);
    }

    [Fact]
    public async Task Idempotent_LateResponseAfterInFlightExpiry_IsHandledBeforeTheBatchIsRecycled()
    {
        var h = new IdempotentSenderHarness(deliveryTimeoutMs: 5000);
        var recorder = new OutcomeRecorder();
        var batch = await AppendAsync(h, 0, recorder, records: 2);
        var generation = batch.Generation;
        await h.GrantProducerId();
        h.Time.Advance(TimeSpan.FromMilliseconds(5000));
        await h.Pass();

        // Expired in flight: failed and deallocated, but the request still holds it for its late answer.
        Assert.Equal(PersistenceStatus.PossiblyPersisted, recorder.Completed[0].Status);
        Assert.True(h.Sequencer.IsUnresolved(Tp0));
        Assert.Equal((1, generation, 0L), (batch.Holds, batch.Generation, h.Accumulator.BatchPool.Recycled));
        Assert.Equal(h.Pool.TotalMemory, h.Pool.AvailableMemory);

        h.Produces[0].Answer(baseOffset: 0);
        await h.Pass();

        // The late answer read the batch it was for (its sequences resolve the partition), then released it.
        Assert.False(h.Sequencer.IsUnresolved(Tp0));
        Assert.Equal(1, h.Sequencer.LastAckedSequence(Tp0));
        Assert.Equal(1L, h.Accumulator.BatchPool.Recycled);
        Assert.Equal(generation + 1, batch.Generation);
        var next = await AppendAsync(h, 0, recorder);
        Assert.Same(batch, next);
        await h.Pass();
        Assert.Equal(((short)0, 2), (next.ProducerEpoch, next.BaseSequence));
        h.Produces[1].Answer(baseOffset: 2);
        await h.Pass();
        Assert.Equal(2L, recorder.Completed[2].Offset);
        Assert.Equal(h.Pool.TotalMemory, h.Pool.AvailableMemory);
    }

    [Fact]
    public async Task Idempotent_EpochBumpRenumbering_WithPoolingOn_CompletesEveryRecordAndRecyclesEveryBatch()
    {
        var h = new IdempotentSenderHarness();
        var recorder = new OutcomeRecorder();
        await AppendAsync(h, 0, recorder);
        await h.GrantProducerId(producerId: 7, epoch: 3);
        h.Produces[0].Answer(baseOffset: 0);
        await h.Pass();
        await AppendAsync(h, 0, recorder, records: 2);
        await h.Pass();
        await AppendAsync(h, 0, recorder, records: 3);
        await h.Pass();

        // The broker lost our state: the next expected batch is out of order, the epoch is bumped and both renumbered.
        h.Produces[1].Answer(error: (short)ErrorCode.OutOfOrderSequenceNumber);
        await h.Pass();
        Assert.Equal(1, h.Manager.EpochBumps);
        h.Produces[2].Answer(error: (short)ErrorCode.OutOfOrderSequenceNumber);
        await h.Pass();
        for (var i = 0; i < 6 && recorder.Completed.Count < 6; i++)
        {
            // The retries go one at a time (only the lowest in-flight sequence of a partition may be resent).
            h.Time.Advance(TimeSpan.FromMilliseconds(2000));
            await h.Pass();
            h.Produces.FirstOrDefault(r => !r.Completion.Task.IsCompleted)?.Answer(baseOffset: 100);
            await h.Pass();
        }

        Assert.Equal(6, recorder.Completed.Count);
        Assert.All(recorder.Completed, o => Assert.Null(o.Error));
        Assert.Equal(3L, h.Accumulator.BatchPool.Recycled);
        Assert.Equal(0, h.Sequencer.InFlightCount(Tp0));
        Assert.Equal(h.Pool.TotalMemory, h.Pool.AvailableMemory);
    }

    [Fact]
    public async Task Idempotent_QueuedRetryAbortedOffTheSenderThread_IsHeldUntilTheSequencerHeardOfIt()
    {
        var h = new IdempotentSenderHarness();
        var recorder = new OutcomeRecorder();
        var batch = await AppendAsync(h, 0, recorder);
        var generation = batch.Generation;
        await h.GrantProducerId();
        h.Produces[0].Answer(error: (short)ErrorCode.NotEnoughReplicas);
        await h.Pass(); // queued for a retry, still in the sequencer's in-flight set

        Assert.Equal(1, h.Accumulator.AbortUndrainedBatches(new KafkaException("aborted")));
        Assert.Contains("aborted", recorder.Completed.Single().Error!.Message, StringComparison.Ordinal);
        Assert.Equal((generation, 0L), (batch.Generation, h.Accumulator.BatchPool.Recycled));
        Assert.Equal(1, h.Sequencer.InFlightCount(Tp0));

        await h.Pass();
        Assert.Equal(0, h.Sequencer.InFlightCount(Tp0));
        Assert.Equal(1L, h.Accumulator.BatchPool.Recycled);
        Assert.Equal(h.Pool.TotalMemory, h.Pool.AvailableMemory);
    }

    private static RecordAccumulator CreateAccumulator(ProducerOptions options)
    {
        var valid = options.Validate();
        return new RecordAccumulator(valid, new BufferPool(valid.BufferMemory, valid.BatchSize, TimeProvider.System), new RandomSource(1));
    }

    private static async Task<ProducerBatch> AppendAsync(IdempotentSenderHarness h, int partition, OutcomeRecorder recorder, int records = 1)
    {
        ProducerBatch? batch = null;
        for (var i = 0; i < records; i++)
        {
            var result = await h.Accumulator.AppendAsync(Topic, partition, new RecordPayload(h.Now, default, true, new byte[10], false, default), h.Metadata, 1000, recorder.Next(i), Ct);
            batch = result.Batch;
        }

        batch!.CloseForAppends(); // one batch per step
        return batch;
    }

    private async Task<ProducerBatch> AppendAsync(int partition, OutcomeRecorder recorder, int records = 1, int valueSize = 10)
    {
        ProducerBatch? batch = null;
        for (var i = 0; i < records; i++)
        {
            var result = await _accumulator.AppendAsync(Topic, partition, new RecordPayload(Now, default, true, new byte[valueSize], false, default), _metadata, 1000, recorder.Next(i), Ct);
            batch = result.Batch;
        }

        batch!.CloseForAppends();
        return batch;
    }

    private Sender CreateSender(int retries = int.MaxValue, int batchSize = 1024)
    {
        var options = new ProducerOptions
        {
            BootstrapServers = "localhost:9092",
            Acks = Acks.Leader,
            EnableIdempotence = false,
            BatchSize = batchSize,
            BufferMemory = 64 * 1024,
            LingerMs = 0,
            Retries = retries,
            DeliveryTimeoutMs = 120000,
            RequestTimeoutMs = 1000,
            RetryBackoffMs = 100,
            RetryBackoffMaxMs = 1000,
            TimeProvider = _time,
            RandomSeed = 3,
        }.Validate();
        var random = new RandomSource(3);
        _memory = new BufferPool(options.BufferMemory, options.BatchSize, _time);
        _accumulator = new RecordAccumulator(options, _memory, random);
        _metadata = new MetadataManager(_transport, MetadataSettings.From(options), _time, random);
        _metadata.Touch(Topic);
        var response = new MetadataResponse();
        response.Brokers.Add(new MetadataResponse.MetadataResponseBroker { NodeId = 0, Host = "127.0.0.1", Port = 1 });
        var topic = new MetadataResponse.MetadataResponseTopic { Name = Topic };
        for (var p = 0; p < 2; p++)
        {
            topic.Partitions.Add(new MetadataResponse.MetadataResponsePartition { PartitionIndex = p, LeaderId = 0, LeaderEpoch = 1 });
        }

        response.Topics.Add(topic);
        _metadata.HandleResponse(response);
        return new Sender(options, _accumulator, _metadata, _transport);
    }

    // Records each record's outcome when its batch dispatches (what DeliveryHandle reads), in dispatch order.
    private sealed class OutcomeRecorder
    {
        public List<RecordOutcome> Completed { get; } = [];

        public IRecordCompletion Next(int index) => new Record(this, index);

        private sealed class Record(OutcomeRecorder owner, int index) : IRecordCompletion
        {
            private int _index = index;

            public void OnAppended(int partition, int recordIndex) => _index = recordIndex;

            public void Complete(ProducerBatch batch) => owner.Completed.Add(batch.GetRecordOutcome(_index));

            public int Touch() => _index;
        }
    }

    // A completion dispatcher the test runs by hand.
    private sealed class QueueingSink : IBatchCompletionSink
    {
        public List<ProducerBatch> Queued { get; } = [];

        public void Enqueue(ProducerBatch batch) => Queued.Add(batch);

        public void DispatchAll()
        {
            foreach (var batch in Queued)
            {
                batch.DispatchRecords();
            }

            Queued.Clear();
        }
    }
}
