using System.Collections.Concurrent;

namespace Brook.Producer.Tests.Client;

/// <summary>
/// A serializer that throws (synchronous, on the fast path) or faults (asynchronous) fails the record with a
/// <see cref="SerializationException"/> naming the topic, key or value, the serializer and the data type, with the
/// serializer's exception inside, for every send style; the producer keeps working.
/// </summary>
public sealed partial class KafkaProducerTests
{
    [Fact(Timeout = 60_000)]
    public async Task ProduceAsync_WhenASyncKeySerializerThrows_FailsWithASerializationExceptionNamingTheKey()
    {
        var transport = new RecordingTransport(AsyncTopic, 3);
        var keys = new ThrowingSerializer();
        await using var producer = CreateStrings(transport, keys, Serializers.Utf8);
        await producer.ProduceAsync(AsyncTopic, new Message<string, string> { Key = "k", Value = "warm-up" }, Ct).AsTask().WaitAsync(Bound, Ct);

        keys.Failure = new InvalidOperationException("no schema for this key");
        var error = await Assert.ThrowsAsync<SerializationException>(async () => await producer.ProduceAsync(AsyncTopic, new Message<string, string> { Key = "k", Value = "v" }, Ct));

        AssertNames(error, MessageComponentType.Key, typeof(ThrowingSerializer), "no schema for this key");
        Assert.False(error.IsRetriable);
    }

    [Fact(Timeout = 60_000)]
    public async Task Produce_WithCallback_WhenASyncValueSerializerThrows_ThrowsTheSerializationExceptionAtTheCall()
    {
        var transport = new RecordingTransport(AsyncTopic, 3);
        var values = new ThrowingSerializer();
        await using var producer = CreateStrings(transport, Serializers.Utf8, values);
        await producer.ProduceAsync(AsyncTopic, new Message<string, string> { Value = "warm-up" }, Ct).AsTask().WaitAsync(Bound, Ct);
        await WaitUntilAsync(() => producer.PendingSendsInProgress == 0); // the next send runs on the synchronous path
        var called = 0;

        values.Failure = new ArgumentException("value too long for the schema");
        var error = Assert.Throws<SerializationException>(() => producer.Produce(AsyncTopic, new Message<string, string> { Value = "v" }, _ => Interlocked.Increment(ref called)));
        await producer.FlushAsync(Ct).AsTask().WaitAsync(Bound, Ct);

        AssertNames(error, MessageComponentType.Value, typeof(ThrowingSerializer), "value too long for the schema");
        Assert.Equal(0, Volatile.Read(ref called));
        Assert.Single(transport.Records); // the warm-up only
    }

    [Fact(Timeout = 60_000)]
    public async Task ProduceAsync_WhenAnAsyncValueSerializerFaults_FailsWithASerializationExceptionNamingTheValue()
    {
        var transport = new RecordingTransport(AsyncTopic, 3);
        await using var producer = CreateStrings(transport, new GatedSerializer(), new GatedSerializer { FailOn = "bad" });

        var error = await Assert.ThrowsAsync<SerializationException>(async () => await producer.ProduceAsync(AsyncTopic, new Message<string, string> { Key = "k", Value = "bad" }, Ct).AsTask().WaitAsync(Bound, Ct));
        var next = await producer.ProduceAsync(AsyncTopic, new Message<string, string> { Key = "k", Value = "good" }, Ct).AsTask().WaitAsync(Bound, Ct);

        AssertNames(error, MessageComponentType.Value, typeof(GatedSerializer), "cannot encode 'bad'");
        Assert.Equal("good", Assert.Single(transport.Records).ValueText);
        Assert.Equal(0, next.Offset.Value);
    }

    // finishesBeforeTheCallReturns: the serializer suspends, but its fault is complete before Produce returns (a fast
    // thread-pool thread can finish a Task.Yield that early; a CI machine did): the outcome must not depend on that
    // race, so it still goes to the handler.
    [Theory(Timeout = 60_000)]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Produce_WithCallback_WhenAnAsyncValueSerializerFaults_ReportsTheSerializationExceptionNotPersisted(bool finishesBeforeTheCallReturns)
    {
        var transport = new RecordingTransport(AsyncTopic, 3);
        await using var producer = CreateStrings(transport, new GatedSerializer(), new GatedSerializer { FailOn = "bad", FinishesWhenAwaited = finishesBeforeTheCallReturns });
        await producer.ProduceAsync(AsyncTopic, new Message<string, string> { Value = "warm-up" }, Ct).AsTask().WaitAsync(Bound, Ct);
        await WaitUntilAsync(() => producer.PendingSendsInProgress == 0); // metadata known, nothing queued: only the serializer suspends
        var reported = new ConcurrentQueue<DeliveryResult<string, string>>();

        producer.Produce(AsyncTopic, new Message<string, string> { Value = "bad" }, reported.Enqueue);
        producer.Produce(AsyncTopic, new Message<string, string> { Value = "good" }, reported.Enqueue);
        await producer.FlushAsync(Ct).AsTask().WaitAsync(Bound, Ct);

        var failed = Assert.Single(reported, r => r.Error is not null);
        Assert.Equal(PersistenceStatus.NotPersisted, failed.Status);
        AssertNames(Assert.IsType<SerializationException>(failed.Error), MessageComponentType.Value, typeof(GatedSerializer), "cannot encode 'bad'");
        Assert.Equal(["warm-up", "good"], transport.Records.Select(r => r.ValueText));
    }

    [Fact(Timeout = 60_000)]
    public async Task ProduceWithState_WhenAnAsyncValueSerializerFaults_FaultsTheTaskAndCallsNoHandler()
    {
        var transport = new RecordingTransport(AsyncTopic, 3);
        await using var producer = CreateStrings(transport, new GatedSerializer(), new GatedSerializer { FailOn = "bad" });
        var called = 0;

        var buffered = producer.Produce(AsyncTopic, new Message<string, string> { Value = "bad" }, 0, (_, _) => Interlocked.Increment(ref called), Ct);
        var error = await Assert.ThrowsAsync<SerializationException>(async () => await buffered.AsTask().WaitAsync(Bound, Ct));
        await producer.FlushAsync(Ct).AsTask().WaitAsync(Bound, Ct);

        AssertNames(error, MessageComponentType.Value, typeof(GatedSerializer), "cannot encode 'bad'");
        Assert.Equal(0, Volatile.Read(ref called));
        Assert.Empty(transport.Records);
    }

    private static void AssertNames(SerializationException error, MessageComponentType component, Type serializer, string innerMessage)
    {
        var part = component == MessageComponentType.Key ? "key" : "value";
        Assert.Equal((AsyncTopic, component, serializer, typeof(string)), (error.Topic, error.Component, error.SerializerType, error.DataType));
        Assert.Equal(innerMessage, error.InnerException!.Message);
        Assert.Contains($"topic '{AsyncTopic}'", error.Message, StringComparison.Ordinal);
        Assert.Contains($"the {part} serializer {serializer.FullName}", error.Message, StringComparison.Ordinal);
        Assert.Contains(innerMessage, error.Message, StringComparison.Ordinal);
    }
}
