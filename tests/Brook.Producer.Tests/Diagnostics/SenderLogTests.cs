using Brook.Producer.Accumulator;
using Brook.Producer.Diagnostics;
using Brook.Producer.Internals;
using Brook.Producer.Memory;
using Brook.Producer.Metadata;
using Brook.Producer.Sending;
using Brook.Producer.Tests.Sending;
using Brook.Protocol.Errors;
using Brook.Protocol.Messages;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Brook.Producer.Tests.Diagnostics;

/// <summary>The sender's log events, driven through <see cref="Sender.RunOnceAsync"/> on a fake clock and transport.</summary>
public sealed class SenderLogTests
{
    private const string Topic = "logged";
    private readonly FakeTimeProvider _time = new(DateTimeOffset.FromUnixTimeMilliseconds(1_000_000));
    private readonly FakeTransport _transport = new();
    private readonly CapturingLoggerFactory _logs = new();
    private MetadataManager _metadata = null!;
    private RecordAccumulator _accumulator = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private long Now => _time.GetUtcNow().ToUnixTimeMilliseconds();

    private Sender Create(int retries = int.MaxValue, int deliveryTimeoutMs = 120000, CapturingLoggerFactory? logs = null)
    {
        var options = new ProducerOptions
        {
            BootstrapServers = "localhost:9092",
            EnableIdempotence = false,
            BatchSize = 1024,
            LingerMs = 0,
            Retries = retries,
            DeliveryTimeoutMs = deliveryTimeoutMs,
            RequestTimeoutMs = 1000,
            RetryBackoffMs = 100,
            RetryBackoffMaxMs = 1000,
            TimeProvider = _time,
            RandomSeed = 3,
            LoggerFactory = logs ?? _logs,
        }.Validate();
        var random = new RandomSource(3);
        _accumulator = new RecordAccumulator(options, new BufferPool(options.BufferMemory, options.BatchSize, _time), random);
        _metadata = new MetadataManager(_transport, MetadataSettings.From(options), _time, random);
        _metadata.Touch(Topic);
        var response = new MetadataResponse();
        response.Brokers.Add(new MetadataResponse.MetadataResponseBroker { NodeId = 0, Host = "127.0.0.1", Port = 1 });
        var topic = new MetadataResponse.MetadataResponseTopic { Name = Topic };
        topic.Partitions.Add(new MetadataResponse.MetadataResponsePartition { PartitionIndex = 0, LeaderId = 0, LeaderEpoch = 1 });
        response.Topics.Add(topic);
        _metadata.HandleResponse(response);
        return new Sender(options, _accumulator, _metadata, _transport);
    }

    private async Task Append() =>
        await _accumulator.AppendAsync(Topic, 0, new RecordPayload(Now, default, true, new byte[10], false, default), _metadata, 1000, Ct);

    [Fact]
    public async Task RetriableError_LogsBatchRetryingWithAttemptAndBackoff()
    {
        var sender = Create();
        await Append();
        await sender.RunOnceAsync();
        _transport.Produces.Single().Answer(error: (short)ErrorCode.NotEnoughReplicas);
        await sender.RunOnceAsync();

        var entry = Assert.Single(_logs.WithEvent(LogEvents.BatchRetrying));
        Assert.Equal(LogCategories.Sender, entry.Category);
        Assert.Equal(LogLevel.Warning, entry.Level);
        Assert.Equal(nameof(LogEvents.BatchRetrying), entry.EventName);
        Assert.Contains("logged-0", entry.Message, StringComparison.Ordinal);
        Assert.Contains("NOT_ENOUGH_REPLICAS", entry.Message, StringComparison.Ordinal);
        Assert.Contains("attempt 1", entry.Message, StringComparison.Ordinal);
        Assert.Matches(@"backoff (8\d|9\d|10\d|11\d|120) ms", entry.Message);
    }

    [Fact]
    public async Task NonRetriableError_LogsBatchFailedOncePerBatch()
    {
        var sender = Create();
        await Append();
        await sender.RunOnceAsync();
        _transport.Produces.Single().Answer(error: (short)ErrorCode.InvalidRecord);
        await sender.RunOnceAsync();

        var entry = Assert.Single(_logs.WithEvent(LogEvents.BatchFailed));
        Assert.Contains("Rejected", entry.Message, StringComparison.Ordinal);
        Assert.Contains("INVALID_RECORD", entry.Message, StringComparison.Ordinal);
        Assert.Empty(_logs.WithEvent(LogEvents.BatchRetrying));
    }

    [Fact]
    public async Task DeliveryTimeout_LogsBatchExpired()
    {
        var sender = Create(deliveryTimeoutMs: 1500);
        _transport.Down.Add(0); // never sendable: the batch waits in the queue until delivery.timeout.ms
        await Append();
        await sender.RunOnceAsync();
        _time.Advance(TimeSpan.FromMilliseconds(1500));
        await sender.RunOnceAsync();

        var entry = Assert.Single(_logs.WithEvent(LogEvents.BatchExpired));
        Assert.Contains("delivery.timeout.ms = 1500", entry.Message, StringComparison.Ordinal);
        Assert.Empty(_logs.WithEvent(LogEvents.BatchFailed));
    }

    [Fact]
    public async Task WarningsOff_RetryIsNotLogged()
    {
        var quiet = new CapturingLoggerFactory(LogLevel.Error);
        var sender = Create(logs: quiet);
        await Append();
        await sender.RunOnceAsync();
        _transport.Produces.Single().Answer(error: (short)ErrorCode.NotEnoughReplicas);
        await sender.RunOnceAsync();

        Assert.Empty(quiet.WithEvent(LogEvents.BatchRetrying));
        Assert.Empty(_logs.Entries);
    }
}
