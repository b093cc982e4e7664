using System.Collections.Concurrent;
using System.Text;
using Brook.Producer.Partitioning;

namespace Brook.Producer.Tests.Client;

/// <summary>
/// Asynchronous serializers that really yield, through all three send styles, over <see cref="RecordingTransport"/>
/// (records decoded as the broker would see them). linger.ms is 0, so a batch leaves as soon as the sender sees it.
/// </summary>
public sealed partial class KafkaProducerTests
{
    private const string AsyncTopic = "async";
    private const int AsyncRecords = 30;
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [Fact(Timeout = 60_000)]
    public async Task ProduceAsync_WithYieldingAsyncSerializers_SendsTheSerializedBytesToTheKeysPartitions()
    {
        var transport = new RecordingTransport(AsyncTopic, 3);
        await using var producer = CreateStrings(transport, new GatedSerializer(), new GatedSerializer());

        var sends = new ValueTask<DeliveryResult<string, string>>[AsyncRecords];
        for (var i = 0; i < AsyncRecords; i++)
        {
            sends[i] = producer.ProduceAsync(AsyncTopic, new Message<string, string> { Key = $"key-{i}", Value = $"value-{i}" }, Ct);
        }

        var results = new List<DeliveryResult<string, string>>();
        foreach (var send in sends)
        {
            results.Add(await send.AsTask().WaitAsync(Bound, Ct));
        }

        AssertSentAsReported(transport, results);
    }

    [Fact(Timeout = 60_000)]
    public async Task Produce_WithCallbackAndYieldingAsyncSerializers_ReportsEveryRecordWithItsBytes()
    {
        var transport = new RecordingTransport(AsyncTopic, 3);
        await using var producer = CreateStrings(transport, new GatedSerializer(), new GatedSerializer());
        var reported = new ConcurrentQueue<DeliveryResult<string, string>>();

        for (var i = 0; i < AsyncRecords; i++)
        {
            producer.Produce(AsyncTopic, new Message<string, string> { Key = $"key-{i}", Value = $"value-{i}" }, reported.Enqueue);
        }

        await producer.FlushAsync(Ct).AsTask().WaitAsync(Bound, Ct);

        Assert.All(reported, r => Assert.Null(r.Error));
        AssertSentAsReported(transport, [.. reported]);
    }

    [Fact(Timeout = 60_000)]
    public async Task ProduceWithState_WithAGatedAsyncSerializer_CompletesWhenBufferedAndReportsTheState()
    {
        var transport = new RecordingTransport(AsyncTopic, 3);
        var values = new GatedSerializer { Gated = { "slow" } };
        await using var producer = CreateStrings(transport, new GatedSerializer(), values);
        var reported = new ConcurrentQueue<(DeliveryResult<string, string> Result, int State)>();

        var buffered = producer.Produce(AsyncTopic, new Message<string, string> { Key = "k", Value = "slow" }, 42, (r, s) => reported.Enqueue((r, s)), Ct);
        await WaitUntilAsync(() => values.GatedStarted == 1);

        Assert.False(buffered.IsCompleted); // the value is still being serialized: not in a batch yet
        values.Release();
        await buffered.AsTask().WaitAsync(Bound, Ct);
        await producer.FlushAsync(Ct).AsTask().WaitAsync(Bound, Ct);

        var (result, state) = Assert.Single(reported);
        Assert.Equal(42, state);
        Assert.Null(result.Error);
        var sent = Assert.Single(transport.Records);
        Assert.Equal(("k", "slow", result.Partition.Value, result.Offset.Value), (Encoding.UTF8.GetString(sent.Key!), sent.ValueText, sent.Partition, sent.Offset));
    }

    [Fact(Timeout = 60_000)]
    public async Task Produce_SendsThatSerializeAtOnceAfterOneThatYields_KeepCallOrderInThePartition()
    {
        // The first value waits in its serializer; the later ones (every send style) serialize synchronously but queue
        // behind it, so the partition receives them in call order (Java serializes on the caller, in call order).
        var transport = new RecordingTransport(AsyncTopic, 3);
        var values = new GatedSerializer { Gated = { "first" }, Synchronous = true };
        await using var producer = CreateStrings(transport, new GatedSerializer { Synchronous = true }, values);
        var partition0 = new TopicPartition(AsyncTopic, 0);

        var first = producer.ProduceAsync(partition0, new Message<string, string> { Value = "first" }, Ct);
        await WaitUntilAsync(() => values.GatedStarted == 1);
        producer.Produce(partition0, new Message<string, string> { Value = "second" });
        var third = producer.Produce(partition0, new Message<string, string> { Value = "third" }, 0, static (_, _) => { }, Ct);
        var fourth = producer.ProduceAsync(partition0, new Message<string, string> { Key = "k", Value = "fourth" }, Ct);

        Assert.False(third.IsCompleted); // queued behind the first send
        values.Release();
        await producer.FlushAsync(Ct).AsTask().WaitAsync(Bound, Ct);

        Assert.Equal(0, (await first).Offset.Value);
        Assert.Equal(3, (await fourth).Offset.Value);
        Assert.Equal(["first", "second", "third", "fourth"], transport.Records.Select(r => r.ValueText));
        Assert.Equal([0L, 1, 2, 3], transport.Records.Select(r => r.Offset));
    }

    [Fact(Timeout = 60_000)]
    public async Task FlushAsync_WhileARecordIsInAsyncSerialization_WaitsForItsAcknowledgement()
    {
        var transport = new RecordingTransport(AsyncTopic, 3);
        var values = new GatedSerializer { Gated = { "slow" } };
        await using var producer = CreateStrings(transport, new GatedSerializer(), values);

        var send = producer.ProduceAsync(AsyncTopic, new Message<string, string> { Value = "slow" }, Ct);
        await WaitUntilAsync(() => values.GatedStarted == 1);
        var flush = producer.FlushAsync(Ct).AsTask();

        Assert.False(flush.IsCompleted);
        values.Release();
        await flush.WaitAsync(Bound, Ct);

        Assert.True(send.IsCompletedSuccessfully); // the flush covered the record still being serialized at the call
        Assert.Equal("slow", Assert.Single(transport.Records).ValueText);
    }

    [Fact(Timeout = 60_000)]
    public async Task ProduceAsync_WhenTheSerializersAddHeaders_SendsThemWithTheRecord()
    {
        // Headers are taken after both serializers ran, on the synchronous fast path and the asynchronous one.
        var transport = new RecordingTransport(AsyncTopic, 3);
        await using var asyncProducer = CreateStrings(transport, new GatedSerializer { StampHeader = true }, new GatedSerializer { StampHeader = true });
        await using var syncProducer = CreateStrings(transport, new StampingSerializer(), new StampingSerializer());

        await asyncProducer.ProduceAsync(AsyncTopic, new Message<string, string> { Key = "a", Value = "async", Headers = new Headers { { "own", "1" } } }, Ct).AsTask().WaitAsync(Bound, Ct);
        await syncProducer.ProduceAsync(AsyncTopic, new Message<string, string> { Key = "s", Value = "warm-up", Headers = [] }, Ct).AsTask().WaitAsync(Bound, Ct);
        await syncProducer.ProduceAsync(AsyncTopic, new Message<string, string> { Key = "s", Value = "sync", Headers = [] }, Ct).AsTask().WaitAsync(Bound, Ct);

        var records = transport.Records;
        Assert.Equal(["own=1", "schema=Key:a", "schema=Value:async"], records.Single(r => r.ValueText == "async").Headers.Select(h => $"{h.Key}={Encoding.UTF8.GetString(h.Value!)}"));
        Assert.Equal(["schema=Key:s", "schema=Value:sync"], records.Single(r => r.ValueText == "sync").Headers.Select(h => $"{h.Key}={Encoding.UTF8.GetString(h.Value!)}"));
    }

    [Fact(Timeout = 60_000)]
    public async Task ProduceAsync_MessagesWithoutHeaders_SerializersStillAddHeaders_EachRecordOnlyItsOwn()
    {
        // A message without a Headers object still gives the serializers a collection to add to (Confluent.Kafka does
        // too); it is reused, so the second record must carry its own stamps only, not the first one's as well.
        var transport = new RecordingTransport(AsyncTopic, 3);
        await using var asyncProducer = CreateStrings(transport, new GatedSerializer { StampHeader = true }, new GatedSerializer { StampHeader = true });
        await using var syncProducer = CreateStrings(transport, new StampingSerializer(), new StampingSerializer());

        foreach (var value in new[] { "async-1", "async-2" })
        {
            await asyncProducer.ProduceAsync(AsyncTopic, new Message<string, string> { Key = "a", Value = value }, Ct).AsTask().WaitAsync(Bound, Ct);
        }

        foreach (var value in new[] { "sync-1", "sync-2", "sync-3" })
        {
            await syncProducer.ProduceAsync(AsyncTopic, new Message<string, string> { Key = "s", Value = value }, Ct).AsTask().WaitAsync(Bound, Ct);
        }

        foreach (var record in transport.Records)
        {
            var key = record.ValueText!.StartsWith("async", StringComparison.Ordinal) ? "a" : "s";
            Assert.Equal([$"schema=Key:{key}", $"schema=Value:{record.ValueText}"], record.Headers.Select(h => $"{h.Key}={Encoding.UTF8.GetString(h.Value!)}"));
        }

        Assert.Equal(5, transport.Records.Count);
    }

    private static void AssertSentAsReported(RecordingTransport transport, IReadOnlyCollection<DeliveryResult<string, string>> results)
    {
        var records = transport.Records;
        Assert.Equal(AsyncRecords, records.Count);
        Assert.Equal(AsyncRecords, results.Count);
        foreach (var result in results)
        {
            var sent = Assert.Single(records, r => r.Partition == result.Partition.Value && r.Offset == result.Offset.Value);
            Assert.Equal(result.Key, Encoding.UTF8.GetString(sent.Key!));
            Assert.Equal(result.Value, sent.ValueText);
            Assert.Equal(Murmur2.Partition(sent.Key, 3), sent.Partition);
        }
    }

    private static KafkaProducer<string, string> CreateStrings(RecordingTransport transport, object keySerializer, object valueSerializer, ProducerOptions? options = null) =>
        new(
            options ?? new ProducerOptions
            {
                BootstrapServers = "127.0.0.1:1",
                Acks = Acks.Leader,
                EnableIdempotence = false,
                LingerMs = 0,
                TimeProvider = new CountingTimeProvider(),
            },
            keySerializer,
            valueSerializer,
            transport);

    // A bounded wait for another thread's progress (no timing assumption: it fails only when the condition never holds).
    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Bound;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the condition did not hold within 30 s");
            await Task.Delay(1, Ct);
        }
    }

    private sealed class StampingSerializer : ISerializer<string>
    {
        public void Serialize(string data, System.Buffers.IBufferWriter<byte> output, SerializationContext context)
        {
            context.Headers?.Add("schema", $"{context.Component}:{data}");
            Encoding.UTF8.GetBytes(data, output);
        }
    }
}
