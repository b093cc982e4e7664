using Brook.TestSupport.Benchmarking;

namespace Brook.Producer.Tests.Client;

/// <summary>
/// Managed bytes allocated per record by the producer's own send path (caller, pending-send queue, accumulator,
/// buffer pool, sender loop, completion dispatcher) over a warmed window of 200,000 acknowledged records, against a
/// transport that answers at once with cached responses (the network and broker are measured by
/// Brook.IntegrationTests' ProducerAllocationTests). Counted over the whole process with
/// <see cref="GC.GetTotalAllocatedBytes(bool)"/>; the collection runs alone. The bound is half a byte per record:
/// batches, requests and completions are pooled; what remains is per window (flush), amortised. The back-pressure cases run with buffer.memory of four
/// batches, so most sends wait for memory or queue behind one that does.
/// </summary>
[Collection(nameof(KafkaProducerAllocationTests))]
[CollectionDefinition(nameof(KafkaProducerAllocationTests), DisableParallelization = true)]
public sealed class KafkaProducerAllocationTests
{
    private const string Topic = "alloc";
    private const int Window = 50_000;
    private const int WarmupWindows = 6; // the pools of handles and pending sends grow to the largest window's need
    private const int MeasuredWindows = 4;
    private const int Records = Window * MeasuredWindows;
    // Measured 2026-11-27 with batches pooled: 0.04-0.08 B/record in every case (once 0.29 in one window), i.e. a few
    // KB per 200,000 records, none of it per batch (the 16 KiB case: ~1 B per batch). Before, 0.11-0.13 with 1 MiB
    // batches and ~27 B/record with 16 KiB ones. One byte catches any per-record object (16 B and up) and a batch
    // object pair per 16 KiB batch (~27 B/record), and leaves room for a pool growing once more: with buffer.memory full,
    // ProduceAsync queues 105,000-124,000 pending sends depending on how the sender keeps up, and in a full parallel
    // test run two windows in a row once each grew that pool past 0.5 B/record (never alone in 10 runs).
    private const double MaxBytesPerRecord = 1.0;
    private const int BatchSize = 1024 * 1024;

    private static readonly Action<DeliveryResult<Null, byte[]>, Counter> CountDelivery = static (result, counter) => counter.Add(result.Error is null);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact(Timeout = 120_000)]
    public async Task ProduceWithState_SteadyState_AllocatesUnderOneBytePerRecord()
    {
        var (producer, transport) = Create(bufferMemory: 64L * 1024 * 1024);
        await using var disposing = producer;
        var counter = new Counter();
        await MeasureAsync(producer, "Produce(state, handler)", () => SendWithStateAsync(producer, counter, transport));
    }

    // Small batches make a per-batch cost visible: 1 KiB values in 16 KiB batches are ~15 records per batch, so the
    // batch object pair allocated per batch before batches were pooled (~400 B) cost ~27 B/record here (32 B/record
    // measured with the pool too small, 2026-11-27). The broker answers at once (not held: a held window queues
    // ~3,300 batches, and the flush's completion task per queued batch and the fake's held answers would be measured
    // instead), with buffer.memory of 16 batches so the producer also waits for memory. Unkeyed, so the sticky
    // partitioner switches partition once per batch too (its choice is a value since 2026-11-27; as an object, like
    // Java's, it cost ~0.85 B/record here).
    [Fact(Timeout = 120_000)]
    public async Task ProduceWithState_SmallBatches_SteadyState_AllocatesUnderOneBytePerRecord()
    {
        var (producer, transport) = Create(bufferMemory: 16 * 16 * 1024, batchSize: 16 * 1024);
        await using var disposing = producer;
        var counter = new Counter();
        await MeasureAsync(producer, "Produce(state, handler), 1 KiB in 16 KiB batches", () => SendWithStateAsync(producer, counter, transport, LargeMessage, hold: false));
    }

    [Fact(Timeout = 120_000)]
    public async Task ProduceAsync_Pipelined_SteadyState_AllocatesUnderOneBytePerRecord()
    {
        var (producer, transport) = Create(bufferMemory: 64L * 1024 * 1024);
        await using var disposing = producer;
        var window = new ValueTask<DeliveryResult<Null, byte[]>>[Window];
        await MeasureAsync(producer, "ProduceAsync", () => SendPipelinedAsync(producer, window, transport));
    }

    [Fact(Timeout = 120_000)]
    public async Task ProduceAsync_WhenBufferMemoryIsFull_QueuedSendsAllocateUnderOneBytePerRecord()
    {
        // A window of 50,000 records (~5 batches) against room for 2 batches and a broker that answers only when the
        // producer waits: most sends queue behind one that waits for memory.
        var (producer, transport) = Create(bufferMemory: 2L * BatchSize);
        await using var disposing = producer;
        var window = new ValueTask<DeliveryResult<Null, byte[]>>[Window];
        var (pending, waits) = await MeasureAsync(producer, "ProduceAsync, buffer.memory full", () => SendPipelinedAsync(producer, window, transport));

        // How many sends queue depends on how fast the sender frees memory against the caller (105,000-124,000 here,
        // 96,367 on the CI machine): the bound only has to prove the queue was exercised enough to show a per-send
        // cost. With 25,000 queued sends, the smallest object per queued send (24 B) adds 3 B/record, over the bound.
        Assert.True(pending >= Records / 8, $"only {pending} of {Records} sends waited: the buffer was not full ({waits} memory waits)");
        Assert.True(waits >= 3 * MeasuredWindows, $"only {waits} sends waited for buffer memory ({pending} pending sends)");
    }

    [Fact(Timeout = 120_000)]
    public async Task ProduceWithState_WhenBufferMemoryIsFull_AwaitedWaitsAllocateUnderOneBytePerRecord()
    {
        var (producer, transport) = Create(bufferMemory: 2L * BatchSize);
        await using var disposing = producer;
        var counter = new Counter();
        var (_, waits) = await MeasureAsync(producer, "Produce(state, handler) awaited, buffer.memory full", () => SendWithStateAsync(producer, counter, transport));

        // Every batch of a window past the first two must wait for one to complete.
        Assert.True(waits >= 3 * MeasuredWindows, $"only {waits} sends waited for buffer memory");
    }

    [Fact(Timeout = 120_000)]
    public async Task ProduceWithState_WhenBufferMemoryIsFull_BlockingCallerAllocatesUnderOneBytePerRecord()
    {
        var (producer, transport) = Create(bufferMemory: 2L * BatchSize);
        await using var disposing = producer;
        var counter = new Counter();
        var (_, waits) = await MeasureAsync(producer, "Produce(state, handler) blocking, buffer.memory full", () => SendWithStateBlocking(producer, counter, transport));

        Assert.True(waits >= 3 * MeasuredWindows, $"only {waits} sends waited for buffer memory");
    }

    private static (KafkaProducer<Null, byte[]> Producer, AnsweringTransport Transport) Create(long bufferMemory, int batchSize = BatchSize)
    {
        var transport = new AnsweringTransport(Topic, 1);
        var producer = new KafkaProducer<Null, byte[]>(
            new ProducerOptions
            {
                BootstrapServers = "127.0.0.1:1",
                Acks = Acks.Leader,
                LingerMs = 1000, // batches go when full, under memory pressure or at the window's flush: passes per batch, not per millisecond
                BatchSize = batchSize,
                BufferMemory = bufferMemory,
                EnableIdempotence = false,
            },
            null,
            null,
            transport);
        producer.BufferWaitStarted = transport.ReleaseOne;
        return (producer, transport);
    }

    private static async Task<(long Pending, long Waits)> MeasureAsync(KafkaProducer<Null, byte[]> producer, string style, Func<Task> window)
    {
        for (var w = 0; w < WarmupWindows; w++)
        {
            await window();
        }

        // The verdict comes from a window with no event listener attached: the sampler's event session allocates on
        // its own (buffers, event objects) and once put a run over the bound. Only a window over the bound is
        // measured again with the sampler, to name what was allocated.
        var (perRecord, allocated, pending, waits) = await MeasureWindowsAsync(producer, window);
        TestContext.Current.TestOutputHelper?.WriteLine($"{style}: {perRecord:F3} bytes/record ({allocated} bytes, {Records} records, {pending} pending sends, {waits} memory waits)");
        // Steady state means every measurement: a one-off passes a later one, while a per-record or per-batch cost fails
        // them all. Right after a build (the build server still busy on the other core) two in a row measured 2.7 and
        // 2.1 B/record and the third 0.05; with two CPU hogs on the two cores, three measured 4.9, 2.0 and 1.7 and the
        // fourth 0.05: pools and the thread pool's queues growing while the sender falls behind. So the verdict is five
        // measurements over the bound.
        var measured = new List<double> { perRecord };
        while (perRecord >= MaxBytesPerRecord && measured.Count < 5)
        {
            (perRecord, allocated, _, _) = await MeasureWindowsAsync(producer, window);
            TestContext.Current.TestOutputHelper?.WriteLine($"{style}: again {perRecord:F3} bytes/record ({allocated} bytes)");
            measured.Add(perRecord);
        }

        if (perRecord >= MaxBytesPerRecord)
        {
            using var sampler = new AllocationSampler { On = true };
            var (again, _, _, _) = await MeasureWindowsAsync(producer, window);
            sampler.On = false;
            var all = string.Join(", ", measured.Select(m => m.ToString("F3", System.Globalization.CultureInfo.InvariantCulture)));
            Assert.Fail($"{style} allocated {all} bytes/record in steady state (bound {MaxBytesPerRecord}; {pending} pending sends, {waits} memory waits; {again:F3} in a sampled sixth measurement). Sampled by type in that one:\n{sampler.Report()}");
        }

        return (pending, waits);
    }

    private static async Task<(double PerRecord, long Allocated, long Pending, long Waits)> MeasureWindowsAsync(KafkaProducer<Null, byte[]> producer, Func<Task> window)
    {
        var pendingBefore = producer.PendingSendsTotal;
        var waitsBefore = producer.BufferPoolWaits;
        var before = GC.GetTotalAllocatedBytes(precise: true);
        for (var w = 0; w < MeasuredWindows; w++)
        {
            await window();
        }

        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        return ((double)allocated / Records, allocated, producer.PendingSendsTotal - pendingBefore, producer.BufferPoolWaits - waitsBefore);
    }

    private static async Task SendPipelinedAsync(KafkaProducer<Null, byte[]> producer, ValueTask<DeliveryResult<Null, byte[]>>[] window, AnsweringTransport transport)
    {
        transport.Hold();
        for (var i = 0; i < window.Length; i++)
        {
            window[i] = producer.ProduceAsync(Topic, Message, Ct);
        }

        // Still playing the slow broker until every queued send is in a batch, so they all meet the full buffer.
        await producer.WaitForPendingSendsAsync(Ct);
        transport.Open();
        await producer.FlushAsync(Ct);
        for (var i = 0; i < window.Length; i++)
        {
            var result = await window[i];
            Assert.Null(result.Error);
        }
    }

    private static async Task SendWithStateAsync(KafkaProducer<Null, byte[]> producer, Counter counter, AnsweringTransport transport, Message<Null, byte[]>? message = null, bool hold = true, int partition = -1)
    {
        counter.Start();
        if (hold)
        {
            transport.Hold();
        }

        for (var i = 0; i < Window; i++)
        {
            var target = new TopicPartition(Topic, partition < 0 ? Partition.Any : new Partition(partition));
            var buffered = producer.Produce(target, message ?? Message, counter, CountDelivery, Ct);
            if (!buffered.IsCompletedSuccessfully)
            {
                await buffered;
            }
        }

        transport.Open();
        await producer.FlushAsync(Ct);
        await counter.WaitAsync();
    }

    private static async Task SendWithStateBlocking(KafkaProducer<Null, byte[]> producer, Counter counter, AnsweringTransport transport)
    {
        counter.Start();
        transport.Hold();
        for (var i = 0; i < Window; i++)
        {
            var buffered = producer.Produce(Topic, Message, counter, CountDelivery, Ct);
            if (!buffered.IsCompletedSuccessfully)
            {
                ValueTaskBlocker.Wait(buffered, TimeSpan.FromSeconds(60));
            }
        }

        transport.Open();
        await producer.FlushAsync(Ct);
        await counter.WaitAsync();
    }

    private static readonly byte[] Payload = new byte[100];

    private static readonly Message<Null, byte[]> Message = new() { Value = Payload };

    private static readonly Message<Null, byte[]> LargeMessage = new() { Value = new byte[1024] };

    // Counts one window's acknowledgements; its task is created per window, not per record.
    private sealed class Counter
    {
        private int _remaining;
        private int _failed;
        private TaskCompletionSource _done = new();

        public void Start()
        {
            _done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Volatile.Write(ref _remaining, Window);
        }

        public async Task WaitAsync()
        {
            await _done.Task.WaitAsync(TimeSpan.FromSeconds(60), Ct);
            Assert.Equal(0, Volatile.Read(ref _failed));
        }

        public void Add(bool ok)
        {
            if (!ok)
            {
                Interlocked.Increment(ref _failed);
            }

            if (Interlocked.Decrement(ref _remaining) == 0)
            {
                _done.TrySetResult();
            }
        }
    }
}
