using System.Buffers;
using System.Runtime.CompilerServices;

namespace Brook.Producer.Tests.Client;

/// <summary>
/// The send path's synchronous fast path (KafkaProducer.Enqueue.cs): what it reads per record and how failures found
/// on it reach the caller. Against <see cref="AnsweringTransport"/>; the clock is frozen, so batches leave only when
/// the producer is disposed.
/// </summary>
public sealed partial class KafkaProducerTests
{
    private const string Topic = "fast";
    private const int Records = 100;

    private static readonly Action<DeliveryResult<Null, byte[]>, int> Ignore = static (_, _) => { };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Produce_WhenTopicKnownAndBatchOpen_ReadsTheClockOncePerRecord()
    {
        var time = new CountingTimeProvider();
        await using var producer = Create<byte[]>(time, null);
        var message = new Message<Null, byte[]> { Value = new byte[10] };
        await WarmUpAsync(producer, message);

        time.CountCurrentThread();
        for (var i = 0; i < Records; i++)
        {
            Assert.True(producer.Produce(Topic, message, i, Ignore, Ct).IsCompletedSuccessfully);
        }

        // The record's CreateTime only: no metadata lookup, usage touch or max.block.ms bookkeeping reads the clock.
        Assert.Equal((Records, 0), (time.UtcNowReads, time.TimestampReads));
    }

    [Fact]
    public async Task Produce_WhenMessageCarriesItsTimestamp_ReadsTheClockAtMostOncePerRecord()
    {
        var time = new CountingTimeProvider();
        await using var producer = Create<byte[]>(time, null);
        var message = new Message<Null, byte[]> { Value = new byte[10], Timestamp = new Timestamp(1_600_000_000_000, TimestampType.CreateTime) };
        await WarmUpAsync(producer, message);

        time.CountCurrentThread();
        for (var i = 0; i < Records; i++)
        {
            Assert.True(producer.Produce(Topic, message, i, Ignore, Ct).IsCompletedSuccessfully);
        }

        // No wall clock for the timestamp; the topic is marked used for metadata.max.idle.ms (one monotonic read).
        Assert.Equal(0, time.UtcNowReads);
        Assert.Equal(Records, time.TimestampReads);
    }

    [Fact]
    public async Task ProduceAsync_ToAPartitionTheTopicDoesNotHave_FailsWithThePartitionCount()
    {
        await using var producer = Create<byte[]>(new CountingTimeProvider(), null);
        var message = new Message<Null, byte[]> { Value = new byte[10] };
        await WarmUpAsync(producer, message);

        var ex = await Assert.ThrowsAsync<ArgumentException>(async () => await producer.ProduceAsync(new TopicPartition(Topic, 3), message, Ct));

        Assert.Contains("Partition 3 does not exist", ex.Message, StringComparison.Ordinal);
        Assert.Contains("has 2 partitions", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Produce_WhenTheSerializerThrows_ReturnsTheFailureInTheTaskAndCallsNoHandler()
    {
        var serializer = new ThrowingSerializer();
        await using var producer = Create(new CountingTimeProvider(), serializer);
        await WarmUpAsync(producer, new Message<Null, string> { Value = "fine" });
        var called = new StrongBox<int>();

        serializer.Failure = new InvalidOperationException("bad value");
        var failed = producer.Produce(Topic, new Message<Null, string> { Value = "x" }, called, static (_, c) => c.Value++, Ct);
        serializer.Failure = new OperationCanceledException("stop");
        var cancelled = producer.Produce(Topic, new Message<Null, string> { Value = "x" }, called, static (_, c) => c.Value++, Ct);

        Assert.True(failed.IsFaulted);
        var error = await Assert.ThrowsAsync<SerializationException>(async () => await failed);
        Assert.Equal("bad value", Assert.IsType<InvalidOperationException>(error.InnerException).Message);
        Assert.True(cancelled.IsCanceled); // as from an async method: a cancellation is not a fault
        await producer.FlushAsync(Ct);
        Assert.Equal(0, called.Value);
    }

    private static KafkaProducer<Null, TValue> Create<TValue>(TimeProvider time, ISerializer<TValue>? serializer) =>
        new(
            new ProducerOptions
            {
                BootstrapServers = "127.0.0.1:1",
                Acks = Acks.Leader,
                EnableIdempotence = false,
                LingerMs = 1000,
                TimeProvider = time,
            },
            null,
            serializer,
            new AnsweringTransport(Topic, 2));

    // The first send waits for metadata (slow path); the second builds the cached topic and marks it used.
    private static async Task WarmUpAsync<TValue>(KafkaProducer<Null, TValue> producer, Message<Null, TValue> message)
    {
        await producer.Produce(Topic, message, 0, static (_, _) => { }, Ct).AsTask().WaitAsync(TimeSpan.FromSeconds(30), Ct);

        // The queued first send is reported before the producer counts it done: wait, or the next send queues behind.
        Assert.True(SpinWait.SpinUntil(() => producer.PendingSendsInProgress == 0, TimeSpan.FromSeconds(30)), "the first send never left the pending queue");
        await producer.Produce(Topic, message, 0, static (_, _) => { }, Ct);
    }

    private sealed class ThrowingSerializer : ISerializer<string>
    {
        public Exception? Failure { get; set; }

        public void Serialize(string data, IBufferWriter<byte> output, SerializationContext context)
        {
            if (Failure is { } failure)
            {
                throw failure;
            }

            output.Write("ok"u8);
        }
    }
}
