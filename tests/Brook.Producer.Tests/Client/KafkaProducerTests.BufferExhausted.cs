using System.Collections.Concurrent;
using Microsoft.Extensions.Time.Testing;

namespace Brook.Producer.Tests.Client;

/// <summary>
/// A send that waits for buffer.memory reports the wait's failure to its handler, even when the wait ends before the
/// call returns: whether <c>Produce</c> throws or calls the handler must not depend on which thread finishes first.
/// </summary>
public sealed partial class KafkaProducerTests
{
    [Fact(Timeout = 60_000)]
    public async Task Produce_WithCallback_WhenTheBufferMemoryWaitExpiresBeforeTheCallReturns_ReportsBufferExhaustedToTheHandler()
    {
        var time = new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000));
        var transport = new RecordingTransport(AsyncTopic, 3);
        await using var producer = CreateStrings(transport, Serializers.Utf8, Serializers.Utf8, new ProducerOptions
        {
            BootstrapServers = "127.0.0.1:1",
            Acks = Acks.Leader,
            EnableIdempotence = false,
            LingerMs = 0,
            BatchSize = SmallBatch,
            BufferMemory = SmallBatch,
            MaxBlockMs = 1_000,
            TimeProvider = time,
        });
        await producer.ProduceAsync(AsyncTopic, new Message<string, string> { Value = "metadata known" }, Ct).AsTask().WaitAsync(Bound, Ct);
        await WaitUntilAsync(() => producer.PendingSendsInProgress == 0);
        transport.HoldProduce();
        producer.Produce(new TopicPartition(AsyncTopic, 0), new Message<string, string> { Value = new string('x', 10_000) });
        await WaitUntilAsync(() => transport.ProduceRequests == 2 && producer.GetMetrics().BufferAvailableBytes == 0);

        // The wait's deadline passes on this thread, right after the waiter was queued: the wait has failed before
        // Produce looks at it, as when the max.block.ms timer fires on another thread first.
        producer.BufferWaitStarted = () => time.Advance(TimeSpan.FromMilliseconds(1_001));
        var reported = new ConcurrentQueue<DeliveryResult<string, string>>();
        try
        {
            producer.Produce(new TopicPartition(AsyncTopic, 1), new Message<string, string> { Value = "no room" }, reported.Enqueue);
        }
        finally
        {
            producer.BufferWaitStarted = null;
            transport.ReleaseProduce(); // else a failure here would leave the close waiting for held answers
        }

        await WaitUntilAsync(() => !reported.IsEmpty);
        var result = Assert.Single(reported);
        Assert.Equal(PersistenceStatus.NotPersisted, result.Status);
        Assert.IsType<BufferExhaustedException>(result.Error);
        await producer.FlushAsync(Ct).AsTask().WaitAsync(Bound, Ct);
        Assert.DoesNotContain("no room", transport.Records.Select(r => r.ValueText));
    }
}
