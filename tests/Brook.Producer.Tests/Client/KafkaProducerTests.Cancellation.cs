using System.Collections.Concurrent;

namespace Brook.Producer.Tests.Client;

/// <summary>
/// A send cancelled while it waits for metadata or for buffer.memory: the caller gets the token's
/// <see cref="OperationCanceledException"/>, the record is never sent, no handler runs, the memory it held comes back,
/// and later sends go through.
/// </summary>
public sealed partial class KafkaProducerTests
{
    private const int SmallBatch = 16384;

    [Fact(Timeout = 60_000)]
    public async Task ProduceAsync_CancelledWhileWaitingForMetadata_ThrowsTheTokensCancellationAndSendsNothing()
    {
        var transport = new RecordingTransport(AsyncTopic, 3);
        transport.HoldMetadata();
        await using var producer = CreateStrings(transport, Serializers.Utf8, Serializers.Utf8);
        using var cancel = new CancellationTokenSource();

        var send = producer.ProduceAsync(AsyncTopic, new Message<string, string> { Value = "cancelled" }, cancel.Token);
        await cancel.CancelAsync();
        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => send.AsTask().WaitAsync(Bound, Ct));

        Assert.Equal(cancel.Token, error.CancellationToken);
        transport.ReleaseMetadata();
        await producer.ProduceAsync(AsyncTopic, new Message<string, string> { Value = "next" }, Ct).AsTask().WaitAsync(Bound, Ct);
        Assert.Equal(["next"], transport.Records.Select(r => r.ValueText));
    }

    [Fact(Timeout = 60_000)]
    public async Task ProduceWithState_CancelledWhileWaitingForMetadata_FaultsWithTheTokensCancellationAndCallsNoHandler()
    {
        var transport = new RecordingTransport(AsyncTopic, 3);
        transport.HoldMetadata();
        await using var producer = CreateStrings(transport, Serializers.Utf8, Serializers.Utf8);
        using var cancel = new CancellationTokenSource();
        var reported = new ConcurrentQueue<string>();

        var buffered = producer.Produce(AsyncTopic, new Message<string, string> { Value = "cancelled" }, reported, static (r, q) => q.Enqueue(r.Value!), cancel.Token);
        await cancel.CancelAsync();
        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => buffered.AsTask().WaitAsync(Bound, Ct));

        Assert.Equal(cancel.Token, error.CancellationToken);
        transport.ReleaseMetadata();
        await producer.Produce(AsyncTopic, new Message<string, string> { Value = "next" }, reported, static (r, q) => q.Enqueue(r.Value!), Ct).AsTask().WaitAsync(Bound, Ct);
        await producer.FlushAsync(Ct).AsTask().WaitAsync(Bound, Ct);
        Assert.Equal(["next"], reported);
        Assert.Equal(["next"], transport.Records.Select(r => r.ValueText));
    }

    [Fact(Timeout = 60_000)]
    public async Task ProduceAsync_CancelledWhileWaitingForBufferMemory_ThrowsTheTokensCancellationAndReturnsTheMemory()
    {
        var (producer, transport) = await CreateWithFullBufferAsync();
        await using var disposing = producer;
        using var cancel = new CancellationTokenSource();
        var waits = producer.BufferPoolWaits;

        var send = producer.ProduceAsync(new TopicPartition(AsyncTopic, 1), new Message<string, string> { Value = "cancelled" }, cancel.Token);
        await WaitUntilAsync(() => producer.BufferPoolWaits == waits + 1);
        await cancel.CancelAsync();
        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => send.AsTask().WaitAsync(Bound, Ct));

        Assert.Equal(cancel.Token, error.CancellationToken);
        await AssertNothingElseSentAndMemoryBackAsync(producer, transport);
    }

    [Fact(Timeout = 60_000)]
    public async Task ProduceWithState_CancelledWhileWaitingForBufferMemory_FaultsAndReturnsTheMemory()
    {
        var (producer, transport) = await CreateWithFullBufferAsync();
        await using var disposing = producer;
        using var cancel = new CancellationTokenSource();
        var called = 0;
        var waits = producer.BufferPoolWaits;

        var buffered = producer.Produce(new TopicPartition(AsyncTopic, 1), new Message<string, string> { Value = "cancelled" }, 0, (_, _) => Interlocked.Increment(ref called), cancel.Token);
        await WaitUntilAsync(() => producer.BufferPoolWaits == waits + 1);
        Assert.False(buffered.IsCompleted);
        await cancel.CancelAsync();
        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => buffered.AsTask().WaitAsync(Bound, Ct));

        Assert.Equal(cancel.Token, error.CancellationToken);
        await AssertNothingElseSentAndMemoryBackAsync(producer, transport);
        Assert.Equal(0, Volatile.Read(ref called));
    }

    // buffer.memory = one batch, taken by a record whose answer is held: the next record for another partition waits.
    // buffer.memory of one batch, held by a 10,000-byte record on partition 0 whose answer is held: the next new batch waits.
    private static async Task<(KafkaProducer<string, string> Producer, RecordingTransport Transport)> CreateWithFullBufferAsync(TimeProvider? time = null, long maxBlockMs = 60_000)
    {
        var transport = new RecordingTransport(AsyncTopic, 3);
        var producer = CreateStrings(transport, Serializers.Utf8, Serializers.Utf8, new ProducerOptions
        {
            BootstrapServers = "127.0.0.1:1",
            Acks = Acks.Leader,
            EnableIdempotence = false,
            LingerMs = 0,
            BatchSize = SmallBatch,
            BufferMemory = SmallBatch,
            MaxBlockMs = maxBlockMs,
            TimeProvider = time ?? new CountingTimeProvider(),
        });
        await producer.ProduceAsync(AsyncTopic, new Message<string, string> { Value = "metadata known" }, Ct).AsTask().WaitAsync(Bound, Ct);
        await WaitUntilAsync(() => producer.PendingSendsInProgress == 0);
        transport.HoldProduce();
        producer.Produce(new TopicPartition(AsyncTopic, 0), new Message<string, string> { Value = new string('x', 10_000) });
        await WaitUntilAsync(() => transport.ProduceRequests == 2);
        Assert.Equal(0, producer.GetMetrics().BufferAvailableBytes);
        return (producer, transport);
    }

    private static async Task AssertNothingElseSentAndMemoryBackAsync(KafkaProducer<string, string> producer, RecordingTransport transport)
    {
        transport.ReleaseProduce();
        await producer.ProduceAsync(new TopicPartition(AsyncTopic, 2), new Message<string, string> { Value = "next" }, Ct).AsTask().WaitAsync(Bound, Ct);
        await producer.FlushAsync(Ct).AsTask().WaitAsync(Bound, Ct);

        Assert.DoesNotContain("cancelled", transport.Records.Select(r => r.ValueText));
        Assert.Equal("next", transport.Records[^1].ValueText);
        await WaitUntilAsync(() => producer.GetMetrics().BufferAvailableBytes == SmallBatch); // released after the callbacks
        Assert.Equal(0, producer.GetMetrics().WaitingThreads);
    }
}
