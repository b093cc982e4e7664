using System.Collections.Concurrent;

namespace Brook.Producer.Tests.Client;

/// <summary>
/// Producer-level checkpoint and close semantics over <see cref="RecordingTransport"/>: a flush waits for what was sent
/// before it (also a send still waiting for metadata) and not for later sends; dispose waits for delivery.timeout.ms on
/// the producer's wall clock (moved by the test, <see cref="ShiftableTimeProvider"/>) and CloseAsync until its token is
/// cancelled, and then both fail what is left NotPersisted.
/// </summary>
public sealed partial class KafkaProducerTests
{
    private const int CloseDeliveryTimeoutMs = 60_000;

    [Fact(Timeout = 60_000)]
    public async Task ProduceAsync_FirstSendAfterTheSenderWentToSleep_GetsItsMetadataWithoutTheClockMoving()
    {
        // The sender had nothing to fetch and sleeps on a virtual clock nobody advances: only the new topic's wake-up
        // can get the metadata (and the record) out. Before, the first send to a topic waited for the sender's next
        // poll: up to 250 ms on the system clock, forever here.
        var time = new ArmCountingTimeProvider();
        var transport = new RecordingTransport(AsyncTopic, 3);
        await using var producer = CreateStrings(transport, Serializers.Utf8, Serializers.Utf8, new ProducerOptions
        {
            BootstrapServers = "127.0.0.1:1",
            Acks = Acks.Leader,
            EnableIdempotence = false,
            LingerMs = 0,
            TimeProvider = time,
        });
        await WaitUntilAsync(() => time.Arms > 0);

        var result = await producer.ProduceAsync(AsyncTopic, new Message<string, string> { Value = "first" }, Ct).AsTask().WaitAsync(Bound, Ct);

        Assert.Equal(0, result.Offset.Value);
        Assert.Equal(1, transport.MetadataRequests);
    }

    [Fact(Timeout = 60_000)]
    public async Task FlushAsync_DoesNotWaitForASendMadeAfterItStarted()
    {
        var transport = new RecordingTransport(AsyncTopic, 3);
        await using var producer = CreateStrings(transport, Serializers.Utf8, Serializers.Utf8);
        var partition0 = new TopicPartition(AsyncTopic, 0);

        // Metadata first, so both sends below are buffered synchronously (no pending send the flush would wait for).
        await producer.ProduceAsync(partition0, new Message<string, string> { Value = "warm-up" }, Ct).AsTask().WaitAsync(Bound, Ct);
        await WaitUntilAsync(() => producer.PendingSendsInProgress == 0);
        transport.HoldProduce();
        var before = producer.ProduceAsync(partition0, new Message<string, string> { Value = "before" }, Ct);
        await WaitUntilAsync(() => transport.ProduceRequests == 2);
        Assert.Equal(0, producer.PendingSendsInProgress);
        var flush = producer.FlushAsync(Ct).AsTask();
        var after = producer.ProduceAsync(partition0, new Message<string, string> { Value = "after" }, Ct);
        await WaitUntilAsync(() => transport.ProduceRequests == 3);

        Assert.False(flush.IsCompleted);
        transport.ReleaseProduce(1); // the answer for "before" only
        await flush.WaitAsync(Bound, Ct);

        Assert.True(before.IsCompletedSuccessfully);
        Assert.False(after.IsCompleted); // its answer is still held: the flush did not wait for it
        transport.ReleaseProduce();
        Assert.Equal(2, (await after.AsTask().WaitAsync(Bound, Ct)).Offset.Value);
    }

    [Fact(Timeout = 60_000)]
    public async Task FlushAsync_AwaitsASendStillWaitingForMetadataAtTheCall()
    {
        var transport = new RecordingTransport(AsyncTopic, 3);
        transport.HoldMetadata();
        await using var producer = CreateStrings(transport, Serializers.Utf8, Serializers.Utf8);

        var waiting = producer.ProduceAsync(AsyncTopic, new Message<string, string> { Value = "waiting" }, Ct);
        var flush = producer.FlushAsync(Ct).AsTask();

        Assert.False(flush.IsCompleted);
        transport.ReleaseMetadata();
        await flush.WaitAsync(Bound, Ct);

        Assert.True(waiting.IsCompletedSuccessfully);
        Assert.Equal("waiting", Assert.Single(transport.Records).ValueText);
    }

    [Fact(Timeout = 60_000)]
    public async Task DisposeAsync_AgainstAnUnreachableBroker_ReturnsAtDeliveryTimeoutAndFailsTheRecordsNotPersisted()
    {
        var (producer, transport, clock) = await CreateForCloseAsync();
        var reported = StartUndeliverableSends(producer, transport, out var awaited);

        var dispose = producer.DisposeAsync().AsTask();
        clock.Advance(TimeSpan.FromMilliseconds(CloseDeliveryTimeoutMs / 2));
        Assert.False(dispose.IsCompleted); // half its bound: still waiting for the broker
        clock.Advance(TimeSpan.FromMilliseconds(CloseDeliveryTimeoutMs / 2));
        await dispose.WaitAsync(Bound, Ct);

        await AssertNotPersistedAsync(reported, awaited);
        Assert.Throws<ObjectDisposedException>(() => producer.Produce(AsyncTopic, new Message<string, string> { Value = "late" }));
    }

    [Fact(Timeout = 60_000)]
    public async Task CloseAsync_WhenCancelled_StopsWaitingClosesAndFailsWhatIsLeftAsClosed()
    {
        var (producer, transport, _) = await CreateForCloseAsync();
        var reported = StartUndeliverableSends(producer, transport, out var awaited);
        using var bound = new CancellationTokenSource();

        var close = producer.CloseAsync(bound.Token).AsTask();
        Assert.False(close.IsCompleted); // delivery.timeout.ms (10 min on this clock) is the only other bound
        await bound.CancelAsync();
        await close.WaitAsync(Bound, Ct); // no longer graceful, but the close completes: no OperationCanceledException

        await AssertNotPersistedAsync(reported, awaited);
        Assert.All(reported, r => Assert.Contains("closed", r.Error!.Message, StringComparison.Ordinal));
        Assert.Throws<ObjectDisposedException>(() => producer.Produce(AsyncTopic, new Message<string, string> { Value = "late" }));
        await producer.DisposeAsync(); // a second close returns at once
    }

    [Fact(Timeout = 60_000)]
    public async Task CloseAsync_WithACancelledToken_FailsWhatIsNotAcknowledgedAtOnce()
    {
        var (producer, transport, _) = await CreateForCloseAsync();
        var reported = StartUndeliverableSends(producer, transport, out var awaited);

        await producer.CloseAsync(new CancellationToken(canceled: true)).AsTask().WaitAsync(Bound, Ct);

        await AssertNotPersistedAsync(reported, awaited);
    }

    private static async Task<(KafkaProducer<string, string> Producer, RecordingTransport Transport, ShiftableTimeProvider Clock)> CreateForCloseAsync()
    {
        var transport = new RecordingTransport(AsyncTopic, 3);
        var clock = new ShiftableTimeProvider();
        var producer = CreateStrings(transport, Serializers.Utf8, Serializers.Utf8, new ProducerOptions
        {
            BootstrapServers = "127.0.0.1:1",
            Acks = Acks.Leader,
            EnableIdempotence = false,
            LingerMs = 0,
            DeliveryTimeoutMs = CloseDeliveryTimeoutMs,
            TimeProvider = clock,
        });
        await producer.ProduceAsync(AsyncTopic, new Message<string, string> { Value = "metadata known" }, Ct).AsTask().WaitAsync(Bound, Ct);
        await WaitUntilAsync(() => producer.PendingSendsInProgress == 0); // later sends are buffered synchronously
        return (producer, transport, clock);
    }

    // The broker becomes unreachable; three callback sends and one ProduceAsync are buffered but can never be sent.
    private static ConcurrentQueue<DeliveryResult<string, string>> StartUndeliverableSends(KafkaProducer<string, string> producer, RecordingTransport transport, out ValueTask<DeliveryResult<string, string>> awaited)
    {
        transport.Reachable = false;
        var reported = new ConcurrentQueue<DeliveryResult<string, string>>();
        for (var i = 0; i < 3; i++)
        {
            producer.Produce(AsyncTopic, new Message<string, string> { Value = $"stuck-{i}" }, reported.Enqueue);
        }

        awaited = producer.ProduceAsync(AsyncTopic, new Message<string, string> { Value = "stuck-awaited" }, Ct);
        Assert.Equal(0, producer.PendingSendsInProgress); // all four are in batches, not waiting to be appended
        return reported;
    }

    private static async Task AssertNotPersistedAsync(ConcurrentQueue<DeliveryResult<string, string>> reported, ValueTask<DeliveryResult<string, string>> awaited)
    {
        var error = await Assert.ThrowsAsync<ProduceException<string, string>>(() => awaited.AsTask().WaitAsync(Bound, Ct));
        Assert.Equal(PersistenceStatus.NotPersisted, error.DeliveryResult.Status);
        await WaitUntilAsync(() => reported.Count == 3);
        Assert.All(reported, r => Assert.Equal(PersistenceStatus.NotPersisted, r.Status));
        Assert.All(reported, r => Assert.NotNull(r.Error));
    }
}
