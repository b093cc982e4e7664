using System.Diagnostics.Metrics;
using System.Text;
using Brook.Producer.Diagnostics;
using Brook.Producer.Tests.Diagnostics;
using Brook.Protocol.Errors;
using Microsoft.Extensions.Time.Testing;
using Polly.CircuitBreaker;

namespace Brook.Producer.Tests.Resilience;

/// <summary>The circuit breaker and dead-letter queue over a scripted send, on a fake clock.</summary>
public sealed class ResilientProducerTests
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.FromUnixTimeMilliseconds(1_000_000));
    private readonly CapturingLoggerFactory _logs = new();
    private readonly List<(TopicPartition Target, Message<string, string> Message)> _sent = [];
    private Func<TopicPartition, Message<string, string>, DeliveryResult<string, string>> _outcome = Success;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static DeliveryResult<string, string> Success(TopicPartition target, Message<string, string> message) =>
        new() { Topic = target.Topic, Partition = 0, Offset = 7, Message = message, Status = PersistenceStatus.Persisted };

    private static Func<TopicPartition, Message<string, string>, DeliveryResult<string, string>> FailWith(KafkaException error, PersistenceStatus status = PersistenceStatus.NotPersisted) =>
        (target, message) => throw new ProduceException<string, string>(
            error.ErrorCode,
            new DeliveryResult<string, string> { Topic = target.Topic, Partition = 2, Message = message, Status = status, Error = error },
            error.Message,
            error);

    private static KafkaException Timeout() => new KafkaTimeoutException("Expiring 1 record(s) for t-2: 120000 ms has passed since batch creation (delivery.timeout.ms = 120000)");

    private ResilientProducer<string, string> Create(ProducerCircuitBreakerOptions? breaker = null, DeadLetterOptions? deadLetter = null, string? clientId = null) =>
        new(
            (target, message, _) =>
            {
                _sent.Add((target, message));
                return ValueTask.FromResult(_outcome(target, message));
            },
            new ResilienceOptions { CircuitBreaker = breaker, DeadLetter = deadLetter },
            _time,
            _logs,
            clientId: clientId);

    private static ProducerCircuitBreakerOptions Breaker(int failures = 3) =>
        new() { FailureRatio = 1, MinimumThroughput = failures, SamplingDurationMs = 10_000, BreakDurationMs = 5_000 };

    private static Message<string, string> Msg(string value = "v") => new() { Key = "k", Value = value };

    [Fact]
    public async Task Breaker_OpensAfterFailures_ThenFailsFastNamingTheCause()
    {
        var producer = Create(Breaker(failures: 3));
        _outcome = FailWith(Timeout());
        for (var i = 0; i < 3; i++)
        {
            await Assert.ThrowsAsync<ProduceException<string, string>>(async () => await producer.ProduceAsync("t", Msg(), Ct));
        }

        var open = await Assert.ThrowsAsync<BrokenCircuitException>(async () => await producer.ProduceAsync("t", Msg(), Ct));

        Assert.Equal(3, _sent.Count); // the fourth send never reached the producer
        Assert.Equal(CircuitState.Open, producer.CircuitState);
        Assert.Contains("circuit breaker is open", open.Message, StringComparison.Ordinal);
        Assert.Contains("REQUEST_TIMED_OUT", open.Message, StringComparison.Ordinal);
        Assert.Contains("delivery.timeout.ms", open.Message, StringComparison.Ordinal);
        Assert.NotNull(open.RetryAfter);
        Assert.Equal(1, producer.RejectedByCircuitCount);
        Assert.Equal(1, producer.CircuitOpenings);
        Assert.Single(_logs.WithEvent(LogEvents.CircuitOpened));
    }

    [Fact]
    public async Task Breaker_AfterBreakDuration_SuccessfulProbeClosesIt()
    {
        var producer = Create(Breaker(failures: 2));
        _outcome = FailWith(Timeout());
        for (var i = 0; i < 2; i++)
        {
            await Assert.ThrowsAsync<ProduceException<string, string>>(async () => await producer.ProduceAsync("t", Msg(), Ct));
        }

        _outcome = Success;
        await Assert.ThrowsAsync<BrokenCircuitException>(async () => await producer.ProduceAsync("t", Msg(), Ct));
        _time.Advance(TimeSpan.FromMilliseconds(4_999));
        await Assert.ThrowsAsync<BrokenCircuitException>(async () => await producer.ProduceAsync("t", Msg(), Ct));

        _time.Advance(TimeSpan.FromMilliseconds(1));
        var probe = await producer.ProduceAsync("t", Msg(), Ct);

        Assert.Equal(7, probe.Offset.Value);
        Assert.Equal(CircuitState.Closed, producer.CircuitState);
        Assert.Single(_logs.WithEvent(LogEvents.CircuitHalfOpened));
        Assert.Single(_logs.WithEvent(LogEvents.CircuitClosed));
    }

    [Fact]
    public async Task Breaker_ProbeFails_OpensAgain()
    {
        var producer = Create(Breaker(failures: 2));
        _outcome = FailWith(Timeout());
        for (var i = 0; i < 2; i++)
        {
            await Assert.ThrowsAsync<ProduceException<string, string>>(async () => await producer.ProduceAsync("t", Msg(), Ct));
        }

        _time.Advance(TimeSpan.FromMilliseconds(5_000));
        await Assert.ThrowsAsync<ProduceException<string, string>>(async () => await producer.ProduceAsync("t", Msg(), Ct));

        Assert.Equal(CircuitState.Open, producer.CircuitState);
        Assert.Equal(2, producer.CircuitOpenings);
        await Assert.ThrowsAsync<BrokenCircuitException>(async () => await producer.ProduceAsync("t", Msg(), Ct));
        Assert.Equal(3, _sent.Count);
    }

    [Fact]
    public async Task Breaker_RecordLevelRejections_DoNotTripIt()
    {
        var producer = Create(Breaker(failures: 2));
        _outcome = FailWith(new KafkaException(ErrorCode.MessageTooLarge, "MESSAGE_TOO_LARGE: the record is larger than max.message.bytes"));
        for (var i = 0; i < 5; i++)
        {
            await Assert.ThrowsAsync<ProduceException<string, string>>(async () => await producer.ProduceAsync("t", Msg(), Ct));
        }

        Assert.Equal(CircuitState.Closed, producer.CircuitState);
        Assert.Equal(5, _sent.Count);
    }

    [Fact]
    public async Task Breaker_SuccessesKeepTheRatioBelowThreshold()
    {
        var producer = Create(new ProducerCircuitBreakerOptions { FailureRatio = 0.5, MinimumThroughput = 4, SamplingDurationMs = 10_000, BreakDurationMs = 5_000 });
        _outcome = FailWith(Timeout());
        await Assert.ThrowsAsync<ProduceException<string, string>>(async () => await producer.ProduceAsync("t", Msg(), Ct));
        _outcome = Success;
        for (var i = 0; i < 3; i++)
        {
            await producer.ProduceAsync("t", Msg(), Ct);
        }

        Assert.Equal(CircuitState.Closed, producer.CircuitState); // 1 of 4 failed: 0.25 < 0.5
    }

    [Fact]
    public async Task Meter_PublishesBreakerAndDeadLetterCounts()
    {
        var clientId = "resilience-meter-" + Guid.NewGuid().ToString("N");
        var producer = Create(Breaker(failures: 2), new DeadLetterOptions { Topic = "t.dlq" }, clientId);
        _outcome = (target, message) => target.Topic == "t" ? FailWith(Timeout())(target, message) : Success(target, message);
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal("t.dlq", (await producer.ProduceAsync("t", Msg(), Ct)).Topic); // a breaker failure, dead-lettered
        }

        await Assert.ThrowsAsync<BrokenCircuitException>(async () => await producer.ProduceAsync("t", Msg(), Ct));

        var seen = new Dictionary<string, long>();
        using (var listener = new MeterListener())
        {
            listener.InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == "Brook.Producer.Resilience"
                    && instrument.Meter.Tags?.Any(t => t.Key == "client.id" && Equals(t.Value, clientId)) == true)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            };
            listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => seen[instrument.Name] = value);
            listener.SetMeasurementEventCallback<int>((instrument, value, _, _) => seen[instrument.Name] = value);
            listener.Start();
            listener.RecordObservableInstruments();
        }

        Assert.Equal(2, seen["dead-letter-total"]);
        Assert.Equal(0, seen["dead-letter-error-total"]);
        Assert.Equal(1, seen["circuit-rejected-total"]);
        Assert.Equal(1, seen["circuit-open-total"]);
        Assert.Equal((int)CircuitState.Open, seen["circuit-state"]);

        await producer.DisposeAsync();
        using var after = new MeterListener();
        var published = 0;
        after.InstrumentPublished = (instrument, _) =>
        {
            if (instrument.Meter.Tags?.Any(t => t.Key == "client.id" && Equals(t.Value, clientId)) == true)
            {
                published++;
            }
        };
        after.Start();
        Assert.Equal(0, published); // the wrapper's own meter went with it
    }

    [Fact]
    public async Task DeadLetter_FinalFailure_WritesCopyWithHeadersAndReturnsItsResult()
    {
        var producer = Create(deadLetter: new DeadLetterOptions { Topic = "t.dlq" });
        _outcome = (target, message) => target.Topic == "t"
            ? FailWith(new KafkaException(ErrorCode.MessageTooLarge, "MESSAGE_TOO_LARGE: too big"))(target, message)
            : Success(target, message);
        var headers = new Headers();
        headers.Add("own", "1");
        var original = new Message<string, string> { Key = "k", Value = "v", Headers = headers, Timestamp = new Timestamp(123, TimestampType.CreateTime) };

        var result = await producer.ProduceAsync("t", original, Ct);

        Assert.Equal("t.dlq", result.Topic);
        Assert.Equal(7, result.Offset.Value);
        Assert.Equal(2, _sent.Count);
        var letter = _sent[1].Message;
        Assert.Equal(new TopicPartition("t.dlq", Partition.Any), _sent[1].Target);
        Assert.Equal("k", letter.Key);
        Assert.Equal("v", letter.Value);
        Assert.Equal(123, letter.Timestamp.UnixTimestampMs);
        string Header(string key) => letter.Headers!.TryGetLast(key, out var h) ? Encoding.UTF8.GetString(h.Value.Span) : "(missing)";
        Assert.Equal("1", Header("own"));
        Assert.Equal("t", Header(DeadLetterHeaders.Topic));
        Assert.Equal("2", Header(DeadLetterHeaders.Partition));
        Assert.Equal("10", Header(DeadLetterHeaders.ErrorCode));
        Assert.Equal("MESSAGE_TOO_LARGE", Header(DeadLetterHeaders.ErrorName));
        Assert.Equal("MESSAGE_TOO_LARGE: too big", Header(DeadLetterHeaders.ErrorMessage));
        Assert.Equal("NotPersisted", Header(DeadLetterHeaders.Persistence));
        Assert.Single(headers); // the caller's headers are untouched
        Assert.Equal(1, producer.DeadLetteredCount);
    }

    [Fact]
    public async Task DeadLetter_DeadLetterSendFails_ThrowsOriginalErrorAndDoesNotRecurse()
    {
        var producer = Create(deadLetter: new DeadLetterOptions { Topic = "t.dlq" });
        _outcome = FailWith(Timeout(), PersistenceStatus.PossiblyPersisted);

        var thrown = await Assert.ThrowsAsync<ProduceException<string, string>>(async () => await producer.ProduceAsync("t", Msg(), Ct));

        Assert.Equal(2, _sent.Count); // original + one dead-letter attempt, never a third
        Assert.Equal("t", thrown.DeliveryResult.Topic);
        Assert.Equal(ErrorCode.RequestTimedOut, thrown.ErrorCode);
        Assert.Contains("Dead-lettering it to 't.dlq' failed too", thrown.Message, StringComparison.Ordinal);
        Assert.Equal(0, producer.DeadLetteredCount);
        Assert.Equal(1, producer.DeadLetterFailedCount);
        Assert.Single(_logs.WithEvent(LogEvents.DeadLetterFailed));
    }

    [Fact]
    public async Task DeadLetter_FatalError_IsNotDeadLettered()
    {
        var producer = Create(deadLetter: new DeadLetterOptions { Topic = "t.dlq" });
        _outcome = FailWith(new FatalException(ErrorCode.ProducerFenced, "fenced"));

        await Assert.ThrowsAsync<ProduceException<string, string>>(async () => await producer.ProduceAsync("t", Msg(), Ct));

        Assert.Single(_sent);
    }

    [Fact]
    public async Task DeadLetter_SendToTheDeadLetterTopicItself_IsNotDeadLetteredAgain()
    {
        var producer = Create(deadLetter: new DeadLetterOptions { Topic = "t.dlq" });
        _outcome = FailWith(new KafkaException(ErrorCode.MessageTooLarge, "too big"));

        await Assert.ThrowsAsync<ProduceException<string, string>>(async () => await producer.ProduceAsync("t.dlq", Msg(), Ct));

        Assert.Single(_sent);
    }

    [Theory]
    [InlineData(0.0, 10, 30000, 5000, "FailureRatio")]
    [InlineData(1.5, 10, 30000, 5000, "FailureRatio")]
    [InlineData(0.5, 1, 30000, 5000, "MinimumThroughput")]
    [InlineData(0.5, 10, 100, 5000, "SamplingDurationMs")]
    [InlineData(0.5, 10, 30000, 100, "BreakDurationMs")]
    public void Options_OutOfRange_ThrowNamingTheSetting(double ratio, int throughput, long samplingMs, long breakMs, string name)
    {
        var options = new ResilienceOptions
        {
            CircuitBreaker = new ProducerCircuitBreakerOptions { FailureRatio = ratio, MinimumThroughput = throughput, SamplingDurationMs = samplingMs, BreakDurationMs = breakMs },
        };

        var error = Assert.Throws<ArgumentOutOfRangeException>(options.Validate);
        Assert.Equal(name, error.ParamName);
    }

    [Fact]
    public void Options_EmptyDeadLetterTopic_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() => Create(deadLetter: new DeadLetterOptions { Topic = " " }));
        Assert.Contains("dead-letter topic", error.Message, StringComparison.Ordinal);
    }
}
