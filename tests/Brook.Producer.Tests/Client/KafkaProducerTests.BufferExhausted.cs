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
        var (producer, transport) = await CreateWithFullBufferAsync(time, maxBlockMs: 1_000);
        await using var disposing = producer;

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
