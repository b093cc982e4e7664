using System.Globalization;
using Brook.Producer.Diagnostics;
using Polly;
using Polly.CircuitBreaker;

namespace Brook.Producer;

public sealed partial class ResilientProducer<TKey, TValue>
{
    /// <summary>The error a failed send reports: a delivery failure's own error, else the Kafka exception thrown; null for anything else.</summary>
    internal static KafkaException? ErrorOf(Exception? exception) => exception switch
    {
        ProduceException<TKey, TValue> failed => failed.DeliveryResult.Error ?? failed,
        KafkaException kafka => kafka,
        _ => null,
    };

    private ResiliencePipeline BuildPipeline(ProducerCircuitBreakerOptions breaker, CircuitBreakerStateProvider state, TimeProvider time) =>
        new ResiliencePipelineBuilder { TimeProvider = time }
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                FailureRatio = breaker.FailureRatio,
                MinimumThroughput = breaker.MinimumThroughput,
                SamplingDuration = TimeSpan.FromMilliseconds(breaker.SamplingDurationMs),
                BreakDuration = TimeSpan.FromMilliseconds(breaker.BreakDurationMs),
                StateProvider = state,
                ShouldHandle = args => new ValueTask<bool>(ErrorOf(args.Outcome.Exception) is { } error && _shouldTrip(error)),
                OnOpened = args =>
                {
                    _openingCause = args.Outcome.Exception;
                    Interlocked.Increment(ref _circuitOpenings);
                    ResilienceLog.CircuitOpened(_log, (long)args.BreakDuration.TotalMilliseconds, args.Outcome.Exception?.Message ?? "(no exception)");
                    return default;
                },
                OnHalfOpened = _ =>
                {
                    ResilienceLog.CircuitHalfOpened(_log);
                    return default;
                },
                OnClosed = _ =>
                {
                    ResilienceLog.CircuitClosed(_log);
                    return default;
                },
            })
            .Build();

    private BrokenCircuitException CircuitOpen(BrokenCircuitException open)
    {
        var cause = _openingCause ?? open.InnerException;
        var retry = open.RetryAfter is { } after
            ? string.Create(CultureInfo.InvariantCulture, $" A probe send is let through in about {(long)after.TotalMilliseconds} ms.")
            : string.Empty;
        var why = ErrorOf(cause) is { } error
            ? $"It opened after sends failed with {error.ErrorName}: {error.Message}"
            : cause is not null ? $"It opened after sends failed: {cause.Message}" : "It opened after repeated send failures.";
        return new BrokenCircuitException(
            string.Create(CultureInfo.InvariantCulture, $"The producer's circuit breaker is open, so the record was not sent (FailureRatio {_breaker!.FailureRatio}, MinimumThroughput {_breaker.MinimumThroughput}, SamplingDurationMs {_breaker.SamplingDurationMs}, BreakDurationMs {_breaker.BreakDurationMs}). {why}{retry} Check the cluster's health, or catch BrokenCircuitException and retry later."),
            open.RetryAfter ?? TimeSpan.FromMilliseconds(_breaker.BreakDurationMs),
            cause ?? open);
    }
}
