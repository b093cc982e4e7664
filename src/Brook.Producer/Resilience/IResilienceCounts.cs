using Polly.CircuitBreaker;

namespace Brook.Producer;

/// <summary>The counts <see cref="ResilienceMetrics"/> publishes (implemented by <see cref="ResilientProducer{TKey, TValue}"/>).</summary>
internal interface IResilienceCounts
{
    /// <summary>Records written to the dead-letter topic.</summary>
    long DeadLetteredCount { get; }

    /// <summary>Records whose dead-letter send failed too.</summary>
    long DeadLetterFailedCount { get; }

    /// <summary>Sends refused because the circuit was open.</summary>
    long RejectedByCircuitCount { get; }

    /// <summary>Times the circuit opened.</summary>
    long CircuitOpenings { get; }

    /// <summary>The breaker's state.</summary>
    CircuitState CircuitState { get; }
}
